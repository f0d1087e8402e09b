// The CLI's commands and their usage text. Each command's `--help` is its own lines of USAGE.
import { compare } from './compare';
import { complete, explain, kinds } from './assist';
import type { CliCommand } from './io';

export const USAGE = `Usage: meshlens <command> [options]

Commands:
  compare [--meshes id,…] [--features id,…] [--format table|md|csv|json] [--extra file,…]
      Print the service-mesh comparison.
  explain <file>:<line>:<col> [--format md|json]
      Explain the manifest field, kind or value at a position (1-based line and column).
  complete <file>:<line>:<col> [--format text|json]
      List the completions offered at a position.
  kinds [--format text|json]
      List every manifest kind Meshlens knows.

Every command accepts --help; meshlens --version prints the version.
`;

export const COMMANDS: Record<string, CliCommand> = { compare, explain, complete, kinds };
