// The CLI's commands and their usage text. Each command's `--help` is its own lines of USAGE.
import { choose } from './choose';
import { compare } from './compare';
import { complete, explain, kinds } from './assist';
import { lint } from './lint';
import { convertCommand } from './convert';
import type { CliCommand } from './io';

export const USAGE = `Usage: meshlens <command> [options]

Commands:
  compare [--meshes id,…] [--features id,…] [--format table|md|csv|json] [--extra file,…] [--changed-since YYYY-MM-DD]
      Print the service-mesh comparison, or (with --changed-since) the cells the dataset
      releases after that date added, changed or retired, with the old and new values.
  choose --require <feature>=<full|partial|preview>[,…] [--open-source] [--exclude-retired] [--allow-enterprise] [--no-sidecars] [--platforms kubernetes,vms,nomad,ecs] [--format table|md|json] [--extra file,…]
      Rank the meshes against your must-haves: those meeting every one first, with the gaps.
      An enterprise-only cell counts as full only with --allow-enterprise.
  explain <file>:<line>:<col> [--format md|json]
      Explain the manifest field, kind or value at a position (1-based line and column).
  complete <file>:<line>:<col> [--format text|json]
      List the completions offered at a position.
  kinds [--format text|json]
      List every manifest kind Meshlens knows.
  lint <files|folders…> [--format text|json|sarif|github] [--exclude glob]… [--select codes] [--ignore codes] [--max-warnings N] [--istio-codes] | --explain <code>
      Check mesh manifests against their schemas; folders are searched for *.yaml and *.yml.
      Exits 1 when an error (or more than N warnings) is found. --explain says what a code
      means and how to fix it. --istio-codes reports schema findings on Istio resources under
      their istioctl analyze code (IST0106, IST0133, IST0002) in upstream's wording.
  convert --to gateway-api|istio|istio-ambient|linkerd|cilium|serviceprofile <files|folders…> [--out dir] [--format yaml|json]
      Convert mesh resources to another API or mesh; folders stand for their *.yaml and *.yml.
      What did not carry over is listed on stderr; exit 0 when everything carried over, 3 when
      something was lost.

Every command accepts --help; meshlens --version prints the version.
`;

export const COMMANDS: Record<string, CliCommand> = {
	compare,
	choose,
	explain,
	complete,
	kinds,
	lint,
	convert: convertCommand,
};
