import * as vscode from 'vscode';

/** The "Meshlens" output channel, shared by every adapter through dependency injection. */
export interface Log extends vscode.Disposable {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
	show(): void;
}

export function createLog(): Log {
	const channel = vscode.window.createOutputChannel('Meshlens', { log: true });
	return {
		info: (m) => channel.info(m),
		warn: (m) => channel.warn(m),
		error: (m) => channel.error(m),
		show: () => channel.show(true),
		dispose: () => channel.dispose(),
	};
}
