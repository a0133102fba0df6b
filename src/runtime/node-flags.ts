// Node/V8 flags for the process that runs the stack (`up -d` starts its child with them;
// `npm start` passes them too). A young generation of 64 MiB semi-spaces: the data plane
// allocates a few KiB per request, and with V8's default 16 MiB the scavenges come every
// ~50 ms under load, promote request garbage to the old generation and so bring the long
// mark-compact pauses that set the latency tail. No allocation-site pretenuring: after a
// burst of longer-lived requests (h2 streams) V8 starts allocating the objects of shared
// request code straight in the old generation, and every scavenge afterwards took 10-15 ms
// (docs/performance.md).
export const DATA_PLANE_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=64',
  '--no-allocation-site-pretenuring',
];
