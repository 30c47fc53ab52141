// Times one ONNX model with ONNX Runtime (onnxruntime-node, CPU) on a .npy input.
//
//   node bench/ort_bench.js --ort-dir DIR --model M.onnx --input X.npy
//       [--output Y.npy] [--threads N] [--runs N] [--warmup N]
//
// DIR is the folder `npm install onnxruntime-node` was run in (bench/run.sh
// keeps it in a cache). Prints one JSON line: {"median_ms", "min_ms", "version"}.
'use strict';
const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const args = {threads: 1, runs: 50, warmup: 5};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-/g, '_');
    if (i + 1 >= argv.length) throw new Error(`missing value for ${argv[i]}`);
    args[key] = ['threads', 'runs', 'warmup'].includes(key) ? Number(argv[i + 1]) : argv[i + 1];
  }
  for (const key of ['ort_dir', 'model', 'input'])
    if (!args[key]) throw new Error(`--${key.replace('_', '-')} is required`);
  return args;
}

// Minimal .npy reader/writer: little-endian float32, C order (what the zoo writes).
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12);
  const header = buf.toString('latin1', start, start + headerLen);
  if (!/'descr':\s*'<f4'/.test(header) || /'fortran_order':\s*True/.test(header))
    throw new Error(`${file}: need float32 C-order data, header ${header.trim()}`);
  const shape = header.match(/'shape':\s*\(([^)]*)\)/)[1]
      .split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  // Copy so the Float32Array is 4-byte aligned whatever the header length.
  const body = buf.subarray(start + headerLen);
  const data = new Float32Array(body.length / 4);
  Buffer.from(data.buffer).set(body);
  return {shape, data};
}

function writeNpy(file, shape, data) {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';  // pad to 64 bytes
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const f32 = Float32Array.from(data);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'),
                                        Buffer.from(f32.buffer)]));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ortPath = path.join(path.resolve(args.ort_dir), 'node_modules', 'onnxruntime-node');
  const ort = require(ortPath);
  const version = require(path.join(ortPath, 'package.json')).version;

  // Same settings a latency-minded ORT user would pick: all graph
  // optimizations, N intra-op threads, no inter-op parallelism.
  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
  });
  const x = readNpy(args.input);
  const feeds = {[session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape)};

  let out;
  for (let i = 0; i < args.warmup; ++i) out = await session.run(feeds);
  const ms = [];
  for (let i = 0; i < args.runs; ++i) {
    const t0 = process.hrtime.bigint();
    out = await session.run(feeds);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const n = ms.length;
  const median = n % 2 ? ms[(n - 1) / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);

  if (args.output) {
    const y = out[session.outputNames[0]];
    writeNpy(args.output, y.dims, y.data);
  }
  console.log(JSON.stringify({median_ms: median, min_ms: ms[0], version}));
}

main().catch((e) => {
  console.error(`error: ${e.message || e}`);
  process.exit(1);
});
