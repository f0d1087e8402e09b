// Generated mesh manifests for the benchmarks: VirtualService and DestinationRule in turn, about
// 1 KB each, every 40th pair with injected errors (a misspelt key, an invalid enum value).

/** Documents with an injected error: a misspelt key in a VirtualService, a bad enum in a DR. */
export const faulty = (i) => i % 40 === 2 || i % 40 === 3;
export function documentText(i, forceError = false) {
	// A VirtualService and the DestinationRule after it are about one host, with the subsets the
	// routes name, so cross-resource analysis (in \`meshlens lint\`) finds nothing but the errors.
	const pair = i >> 1;
	const host = `svc-${pair}.team-${pair % 17}.svc.cluster.local`;
	const bad = forceError || faulty(i);
	return i % 2 === 0
		? `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs-${i}
  namespace: team-${pair % 17}
spec:
  hosts:
    - ${host}
  http:
    - name: primary
      match:
        - uri:
            prefix: /api/v${i % 3}
      route:
        - destination:
            host: ${host}
            subset: v1
            port:
              number: 8080
          weight: 90
        - destination:
            host: ${host}
            subset: v2
          weight: 10
      timeout: 5s
      ${bad ? 'retires' : 'retries'}:
        attempts: 3
        perTryTimeout: 2s
`
		: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr-${i}
  namespace: team-${pair % 17}
spec:
  host: ${host}
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http1MaxPendingRequests: 10
    loadBalancer:
      simple: ${bad ? 'ROUND_ROBBIN' : 'LEAST_REQUEST'}
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`;
}

/** Lines (0-based) of the injected errors in a text. */
export function injectedLines(text) {
	const lines = text.split('\n');
	const out = [];
	lines.forEach((l, i) => {
		if (/^\s*retires:|simple: ROUND_ROBBIN/.test(l)) out.push(i);
	});
	return out;
}
