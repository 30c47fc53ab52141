//===- HalideSupportTest.cpp - runHalide's diagnostics ---------------------===//

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include "Halide.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace mlir;

namespace {

/// Runs `body` through runHalide and keeps the diagnostics it emits.
struct HalideRun {
  LogicalResult result = failure();
  std::vector<std::string> errors;
};

HalideRun runCollecting(llvm::function_ref<void()> body) {
  MLIRContext context;
  HalideRun run;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    run.errors.push_back(diag.str());
    return success();
  });
  run.result = riffle::runHalide(
      body, [&] { return emitError(UnknownLoc::get(&context)); });
  return run;
}

/// Lowers a pipeline reading `weights` (8 values, index 0 upwards) at
/// x + `shift` for x in [0, 2): with shift -6 every run reads index -6.
void lowerWeightsRead(int shift, const std::string &path) {
  Halide::ImageParam weights(Halide::Float(32), 1, "weights");
  weights.dim(0).set_bounds(0, 8);
  Halide::Var x("x");
  Halide::Func f("f");
  f(x) = weights(x + shift);
  f.bound(x, 0, 2);
  f.compile_to_lowered_stmt(path, {weights}, Halide::Text,
                            Halide::get_host_target());
}

std::string stmtPath() {
  return ::testing::TempDir() + "riffle_halide_support_test.stmt";
}

TEST(RunHalideTest, CodeThatCanRunSucceeds) {
  HalideRun run = runCollecting([] { lowerWeightsRead(0, stmtPath()); });
  EXPECT_TRUE(succeeded(run.result));
  EXPECT_TRUE(run.errors.empty());
}

TEST(RunHalideTest, CodeThatFailsOnEveryRunIsAnError) {
  HalideRun run = runCollecting([] { lowerWeightsRead(-6, stmtPath()); });
  EXPECT_TRUE(failed(run.result));
  ASSERT_EQ(run.errors.size(), 1u);
  EXPECT_NE(run.errors[0].find("internal error: the generated code would "
                               "fail on every run ("),
            std::string::npos)
      << run.errors[0];
  // The violated bound is named.
  EXPECT_NE(run.errors[0].find("weights"), std::string::npos)
      << run.errors[0];
  // The next call starts clean: the report does not carry over.
  HalideRun next = runCollecting([] { lowerWeightsRead(0, stmtPath()); });
  EXPECT_TRUE(succeeded(next.result));
}

TEST(RunHalideTest, HalideErrorsBecomeDiagnostics) {
  HalideRun run = runCollecting([] {
    Halide::Func undefined("undefined");
    Halide::Var x("x");
    Halide::Func g("g");
    g(x) = undefined(x); // a Func used before it has a definition
    g.compile_to_lowered_stmt(stmtPath(), {}, Halide::Text,
                              Halide::get_host_target());
  });
  EXPECT_TRUE(failed(run.result));
  ASSERT_EQ(run.errors.size(), 1u);
  EXPECT_EQ(run.errors[0].rfind("Halide: ", 0), 0u) << run.errors[0];
}

} // namespace
