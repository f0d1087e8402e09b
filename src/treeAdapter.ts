import * as vscode from 'vscode';
import type { TreeNode } from './core';

/** Turns plain TreeNodes into TreeItems; the root nodes come from a callback. */
export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	private parents = new Map<string, TreeNode>();

	constructor(private readonly roots: () => Promise<readonly TreeNode[]>) {}

	refresh(): void {
		this.changed.fire(undefined);
	}

	async getChildren(node?: TreeNode): Promise<TreeNode[]> {
		const children = node ? [...(node.children ?? [])] : [...(await this.roots())];
		if (!node) this.parents = new Map();
		for (const c of children) if (node) this.parents.set(c.id, node);
		return children;
	}

	getParent(node: TreeNode): TreeNode | undefined {
		return this.parents.get(node.id);
	}

	getTreeItem(node: TreeNode): vscode.TreeItem {
		const state = node.children?.length
			? node.expanded
				? vscode.TreeItemCollapsibleState.Expanded
				: vscode.TreeItemCollapsibleState.Collapsed
			: vscode.TreeItemCollapsibleState.None;
		const item = new vscode.TreeItem(node.label, state);
		item.id = node.id;
		if (node.description !== undefined) item.description = node.description;
		if (node.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(node.tooltip);
		if (node.icon) {
			item.iconPath = new vscode.ThemeIcon(
				node.icon.id,
				node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined,
			);
		}
		if (node.contextValue) item.contextValue = node.contextValue;
		if (node.command) {
			item.command = {
				command: node.command.command,
				title: node.command.title,
				arguments: [...node.command.args],
			};
		}
		return item;
	}

	dispose(): void {
		this.changed.dispose();
	}
}
