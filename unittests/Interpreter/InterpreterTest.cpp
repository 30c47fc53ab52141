//===- InterpreterTest.cpp - The reference interpreter's API --------------===//

#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"
#include "riffle/Interpreter/Activation.h"
#include "riffle/Interpreter/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cstring>

#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::riffle;

namespace {

class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() {
    context.loadDialect<RiffleDialect, func::FuncDialect, arith::ArithDialect>();
  }

  OwningOpRef<ModuleOp> parse(llvm::StringRef source) {
    return parseSourceString<ModuleOp>(source, &context);
  }

  /// Runs the first function; collects diagnostics into `errors`.
  FailureOr<SmallVector<Tensor>> run(ModuleOp module,
                                     llvm::ArrayRef<Tensor> inputs) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      errors += diag.str() + "\n";
    });
    func::FuncOp func = lookupFunction(module, "");
    if (!func)
      return failure();
    return interpretFunction(func, inputs);
  }

  MLIRContext context;
  std::string errors;
};

TEST_F(InterpreterTest, ActivationMatchesAttrApply) {
  // The interpreter's decoded activations compute exactly what the
  // attribute's reference semantics compute.
  ActivationAttr attrs[] = {
      ActivationAttr::get(&context, ActivationKind::relu),
      ActivationAttr::get(&context, ActivationKind::clip, 0.0, 6.0),
      ActivationAttr::get(&context, ActivationKind::clip, -0.3, 0.7),
      ActivationAttr::get(&context, ActivationKind::leaky_relu, 0.1),
      ActivationAttr::get(&context, ActivationKind::hardswish),
      ActivationAttr::get(&context, ActivationKind::hardsigmoid, 1.0 / 6.0, 0.5),
      ActivationAttr::get(&context, ActivationKind::hardsigmoid, 0.2, 0.5),
      ActivationAttr::get(&context, ActivationKind::sigmoid)};
  for (ActivationAttr attr : attrs) {
    Activation act(attr);
    for (int i = -2000; i <= 2000; ++i) {
      float x = i * 0.00731f;
      float expected = attr.apply(x), got = act.apply(x);
      EXPECT_EQ(std::memcmp(&expected, &got, 4), 0)
          << "x=" << x << " expected " << expected << " got " << got;
    }
  }
  EXPECT_TRUE(Activation().isIdentity());
  EXPECT_EQ(Activation::get(ActivationAttr()).apply(-3.0f), -3.0f);
}

TEST_F(InterpreterTest, EveryActivationOpComputesItsAttribute) {
  // Each activation op, built from its attribute through
  // ActivationOpInterface, computes exactly what the attribute's reference
  // semantics compute (a kind added later is covered without editing this).
  OpBuilder builder(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(builder.getUnknownLoc());
  builder.setInsertionPointToEnd(module->getBody());
  auto type = RankedTensorType::get({801}, builder.getF32Type());
  Value input = arith::ConstantOp::create(builder, builder.getUnknownLoc(),
                                          type,
                                          DenseElementsAttr::get(type, 0.0f));
  Tensor x(llvm::ArrayRef<int64_t>{801});
  for (int i = 0; i < 801; ++i)
    x.data[i] = (i - 400) * 0.0173f;
  for (uint32_t k = 0; k <= getMaxEnumValForActivationKind(); ++k) {
    auto kind = static_cast<ActivationKind>(k);
    unsigned numParams = ActivationAttr::getNumParams(kind);
    auto attr = ActivationAttr::get(&context, kind, numParams > 0 ? -0.3 : 0.0,
                                    numParams > 1 ? 0.7 : 0.0);
    Operation *op =
        createActivationOp(builder, builder.getUnknownLoc(), input, attr);
    ASSERT_TRUE(op) << stringifyActivationKind(kind).str();
    FailureOr<SmallVector<Tensor>> results = interpretOp(op, {x});
    ASSERT_TRUE(succeeded(results)) << errors;
    for (int i = 0; i < 801; ++i) {
      float expected = attr.apply(x.data[i]), got = (*results)[0].data[i];
      EXPECT_EQ(std::memcmp(&expected, &got, 4), 0)
          << stringifyActivationKind(kind).str() << " at x=" << x.data[i]
          << ": expected " << expected << " got " << got;
    }
  }
}

TEST_F(InterpreterTest, ConvWithResourceWeights) {
  // 1x1 conv, 2 -> 2 channels, weights [[1, 2], [3, 4]] from a resource blob
  // (4-byte alignment prefix, then little-endian f32), bias from dense<>.
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<1x2x1x2xf32>) -> tensor<1x2x1x2xf32> {
      %w = arith.constant dense_resource<w> : tensor<2x2x1x1xf32>
      %b = arith.constant dense<[0.5, -50.0]> : tensor<2xf32>
      %y = riffle.conv2d %x, %w, %b {act = #riffle.act<relu>} : (tensor<1x2x1x2xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
      return %y : tensor<1x2x1x2xf32>
    }
    {-#
      dialect_resources: {
        builtin: {
          w: "0x040000000000803F000000400000404000008040"
        }
      }
    #-}
  )mlir");
  ASSERT_TRUE(module);
  Tensor x({1, 2, 1, 2}, {1.0f, 2.0f, 10.0f, 20.0f});
  FailureOr<SmallVector<Tensor>> results = run(*module, {x});
  ASSERT_TRUE(succeeded(results)) << errors;
  ASSERT_EQ(results->size(), 1u);
  // ch0 = 1*x0 + 2*x1 + 0.5 = 21.5, 42.5; ch1 = relu(3*x0 + 4*x1 - 50) =
  // relu(-7), relu(36).
  EXPECT_EQ((*results)[0].data, (std::vector<float>{21.5f, 42.5f, 0.0f, 36.0f}));
}

TEST_F(InterpreterTest, ElidedWeightsAreErrors) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
      %w = arith.constant dense_resource<__elided__> : tensor<3x2xf32> loc("fc.weight")
      %y = riffle.gemm %x, %w : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
      return %y : tensor<1x3xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  FailureOr<SmallVector<Tensor>> results =
      run(*module, {Tensor({1, 2}, {1.0f, 2.0f})});
  EXPECT_TRUE(failed(results));
  EXPECT_NE(errors.find("constant 'fc.weight' (dense_resource<__elided__>) has "
                        "no data"),
            std::string::npos)
      << errors;
}

TEST_F(InterpreterTest, WrongInputs) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %y = riffle.relu %x : tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  EXPECT_TRUE(failed(run(*module, {})));
  EXPECT_NE(errors.find("takes 1 argument(s) but 0 input(s) were given"),
            std::string::npos)
      << errors;
  errors.clear();
  EXPECT_TRUE(failed(run(*module, {Tensor(llvm::ArrayRef<int64_t>{3, 2})})));
  EXPECT_NE(errors.find("input #0 has shape [3, 2] but argument #0 of @f is "
                        "'tensor<2x3xf32>'"),
            std::string::npos)
      << errors;
  errors.clear();
  FailureOr<SmallVector<Tensor>> ok =
      run(*module, {Tensor({2, 3}, {-1, 2, -3, 4, -5, 6})});
  ASSERT_TRUE(succeeded(ok)) << errors;
  EXPECT_EQ((*ok)[0].data, (std::vector<float>{0, 2, 0, 4, 0, 6}));
}

TEST_F(InterpreterTest, UnsupportedOp) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
      %y = arith.addf %x, %x : tensor<2xf32>
      return %y : tensor<2xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  EXPECT_TRUE(failed(run(*module, {Tensor(llvm::ArrayRef<int64_t>{2})})));
  EXPECT_NE(errors.find("'arith.addf' op is not supported by the reference "
                        "interpreter"),
            std::string::npos)
      << errors;
}

TEST_F(InterpreterTest, InterpretOneOp) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<1x6x1x1xf32>) -> tensor<1x6x1x1xf32> {
      %y = riffle.channel_shuffle %x, groups = 2 : tensor<1x6x1x1xf32>
      return %y : tensor<1x6x1x1xf32>
    }
  )mlir");
  ASSERT_TRUE(module);
  Operation *shuffle = nullptr;
  module->walk([&](ChannelShuffleOp op) { shuffle = op; });
  ASSERT_TRUE(shuffle);
  FailureOr<SmallVector<Tensor>> results =
      interpretOp(shuffle, {Tensor({1, 6, 1, 1}, {0, 1, 2, 3, 4, 5})});
  ASSERT_TRUE(succeeded(results));
  // out[c] = in[(c % 2) * 3 + c / 2]
  EXPECT_EQ((*results)[0].data, (std::vector<float>{0, 3, 1, 4, 2, 5}));
}

} // namespace
