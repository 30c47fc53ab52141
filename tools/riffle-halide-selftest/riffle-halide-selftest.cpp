//===- riffle-halide-selftest.cpp - JIT a tiny Halide pipeline ------------===//
//
// Builds a 3x3 depthwise convolution with bias and ReLU6 (the core of an
// inverted residual) in Halide, JIT-compiles it for the host, runs it and
// compares every output with plain C++ loops. Prints a few outputs so a lit
// test can check them against values worked out by hand.
//
//   riffle-halide-selftest            run the pipeline, exit 0 when it matches
//   riffle-halide-selftest --target=T check that Halide accepts target T
//
//===----------------------------------------------------------------------===//

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include "Halide.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::riffle;

static llvm::cl::opt<std::string>
    targetOption("target", llvm::cl::desc("Halide target string to check"),
                 llvm::cl::init(""));

namespace {
constexpr int kChannels = 2, kHeight = 4, kWidth = 5;

// Input x[c][y][x] = (y * kWidth + x - 8 - 4 * c) / 4, weights all ones scaled by
// (c + 1), bias c / 2: quarters whose sums are exact in float and easy to
// check by hand; ReLU6 clips some of them at both ends.
float inputAt(int c, int y, int x) {
  return 0.25f * (y * kWidth + x - 8 - 4 * c);
}
float weightAt(int c) { return c + 1; }
float biasAt(int c) { return 0.5f * c; }

/// Reference: zero-padded 3x3 depthwise conv, bias, ReLU6.
float referenceAt(int c, int y, int x) {
  float sum = biasAt(c);
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      int iy = y + dy, ix = x + dx;
      if (iy >= 0 && iy < kHeight && ix >= 0 && ix < kWidth)
        sum += weightAt(c) * inputAt(c, iy, ix);
    }
  return std::min(std::max(sum, 0.0f), 6.0f);
}
} // namespace

static int runPipeline(MLIRContext &context) {
  Halide::Buffer<float> input(kWidth, kHeight, kChannels), output;
  Halide::Buffer<float> weights(3, 3, kChannels), bias(kChannels);
  for (int c = 0; c < kChannels; ++c) {
    bias(c) = biasAt(c);
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 3; ++x)
        weights(x, y, c) = weightAt(c);
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x)
        input(x, y, c) = inputAt(c, y, x);
  }

  std::string targetString;
  auto emitError = [&] { return mlir::emitError(UnknownLoc::get(&context)); };
  if (failed(runHalide(
          [&] {
            Halide::Var x("x"), y("y"), c("c");
            Halide::Func padded =
                Halide::BoundaryConditions::constant_exterior(input, 0.0f);
            Halide::RDom r(0, 3, 0, 3);
            Halide::Func conv("dwconv");
            conv(x, y, c) = bias(c);
            conv(x, y, c) += weights(r.x, r.y, c) *
                             padded(x + r.x - 1, y + r.y - 1, c);
            Halide::Func relu6("relu6");
            relu6(x, y, c) = Halide::clamp(conv(x, y, c), 0.0f, 6.0f);
            relu6.vectorize(x, 4);
            Halide::Target target = Halide::get_jit_target_from_environment();
            targetString = target.to_string();
            output = relu6.realize({kWidth, kHeight, kChannels}, target);
          },
          emitError)))
    return 1;

  llvm::outs() << "halide jit target: " << targetString << "\n";
  float maxDiff = 0.0f;
  for (int c = 0; c < kChannels; ++c) {
    llvm::outs() << "channel " << c << ":";
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x) {
        maxDiff = std::max(maxDiff, std::fabs(output(x, y, c) -
                                              referenceAt(c, y, x)));
        llvm::outs() << " " << llvm::format("%g", output(x, y, c));
      }
    llvm::outs() << "\n";
  }
  llvm::outs() << "max_abs_diff=" << llvm::format("%g", maxDiff) << "\n";
  if (maxDiff > 1e-5f) {
    llvm::errs() << "error: Halide output differs from the reference loops\n";
    return 1;
  }
  llvm::outs() << "PASS\n";
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::ParseCommandLineOptions(argc, argv,
                                    "Riffle's Halide JIT self-test\n");
  MLIRContext context;
  // Diagnostics carry no source location here: print `error: ...`.
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    llvm::errs() << "error: " << diag << "\n";
  });
  if (!targetOption.empty()) {
    FailureOr<std::string> resolved = resolveHalideTarget(
        targetOption, [&] { return emitError(UnknownLoc::get(&context)); });
    if (failed(resolved))
      return 1;
    llvm::outs() << "target: " << *resolved << "\n";
    return 0;
  }
  return runPipeline(context);
}
