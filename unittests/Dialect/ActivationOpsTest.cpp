//===- ActivationOpsTest.cpp - activation ops <-> #riffle.act -------------===//
//
// Every activation kind has exactly one op, and ActivationOpInterface maps
// that op to the kind with its parameters and back; an activation added
// later is checked here without touching this file.
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <map>
#include <string>

using namespace mlir;
using namespace mlir::riffle;

namespace {

class ActivationOpsTest : public ::testing::Test {
protected:
  ActivationOpsTest() : builder(&context) {
    context.loadDialect<RiffleDialect, arith::ArithDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
    auto type = RankedTensorType::get({1, 2, 3, 3}, builder.getF32Type());
    input = arith::ConstantOp::create(builder, builder.getUnknownLoc(), type,
                                      DenseElementsAttr::get(type, 0.5f));
  }

  /// Every kind, with parameters where it takes them (exact in f32, and a
  /// valid clip range).
  SmallVector<ActivationAttr> everyKind() {
    SmallVector<ActivationAttr> attrs;
    for (uint32_t i = 0; i <= getMaxEnumValForActivationKind(); ++i) {
      auto kind = static_cast<ActivationKind>(i);
      unsigned numParams = ActivationAttr::getNumParams(kind);
      attrs.push_back(ActivationAttr::get(&context, kind,
                                          numParams > 0 ? -0.25 : 0.0,
                                          numParams > 1 ? 0.75 : 0.0));
    }
    return attrs;
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  Value input;
};

TEST_F(ActivationOpsTest, EveryKindHasExactlyOneOp) {
  std::map<ActivationKind, std::string> opOfKind;
  for (RegisteredOperationName name : context.getRegisteredOperations()) {
    auto *activationOp = name.getInterface<ActivationOpInterface>();
    if (!activationOp)
      continue;
    auto [it, inserted] = opOfKind.emplace(activationOp->getActivationKind(),
                                           name.getStringRef().str());
    EXPECT_TRUE(inserted) << name.getStringRef().str() << " and "
                          << it->second << " compute the same kind";
  }
  EXPECT_EQ(opOfKind.size(), getMaxEnumValForActivationKind() + 1);
  // The op is named after its kind: riffle.clip is #riffle.act<clip(...)>.
  for (auto &[kind, opName] : opOfKind)
    EXPECT_EQ(opName, "riffle." + stringifyActivationKind(kind).str());
}

TEST_F(ActivationOpsTest, KindToOpAndBack) {
  for (ActivationAttr attr : everyKind()) {
    Operation *op =
        createActivationOp(builder, builder.getUnknownLoc(), input, attr);
    ASSERT_TRUE(op) << "no op for " << stringifyActivationKind(attr.getKind()).str();
    EXPECT_EQ(op->getName().getStringRef(),
              "riffle." + stringifyActivationKind(attr.getKind()).str());
    EXPECT_TRUE(succeeded(verify(op)));
    EXPECT_EQ(op->getResult(0).getType(), input.getType());
    auto activationOp = dyn_cast<ActivationOpInterface>(op);
    ASSERT_TRUE(activationOp);
    EXPECT_EQ(activationOp.getActivation(), attr);
  }
}

TEST_F(ActivationOpsTest, OpToKindFromText) {
  // The ops as written in IR, default-valued parameters included, give the
  // attribute with the same text.
  const char *source = R"mlir(
    func.func @f(%x: tensor<4xf32>) {
      %0 = riffle.relu %x : tensor<4xf32>
      %1 = riffle.leaky_relu %x : tensor<4xf32>
      %2 = riffle.leaky_relu %x {alpha = 0.2 : f32} : tensor<4xf32>
      %3 = riffle.clip %x, min = 0.0, max = 6.0 : tensor<4xf32>
      %4 = riffle.hardswish %x : tensor<4xf32>
      %5 = riffle.hardsigmoid %x : tensor<4xf32>
      %6 = riffle.hardsigmoid %x {alpha = 0.16666667 : f32} : tensor<4xf32>
      %7 = riffle.sigmoid %x : tensor<4xf32>
      return
    }
  )mlir";
  OwningOpRef<ModuleOp> parsed = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(parsed);
  SmallVector<std::string> printed;
  parsed->walk([&](ActivationOpInterface op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    Attribute(op.getActivation()).print(os);
    printed.push_back(text);
  });
  SmallVector<std::string> expected = {
      "#riffle.act<relu>",
      "#riffle.act<leaky_relu(0.00999999977)>",
      "#riffle.act<leaky_relu(2.000000e-01)>",
      "#riffle.act<clip(0.000000e+00, 6.000000e+00)>",
      "#riffle.act<hardswish>",
      "#riffle.act<hardsigmoid(2.000000e-01, 5.000000e-01)>",
      "#riffle.act<hardsigmoid(0.166666672, 5.000000e-01)>",
      "#riffle.act<sigmoid>"};
  EXPECT_EQ(printed, expected);
}

TEST_F(ActivationOpsTest, OpVerifiesParametersLikeTheAttribute) {
  std::string error;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    error = diag.str();
    return success();
  });
  // ActivationAttr::get does not verify: the op built from it does.
  Operation *op = createActivationOp(
      builder, builder.getUnknownLoc(), input,
      ActivationAttr::get(&context, ActivationKind::clip, 6.0, 0.0));
  ASSERT_TRUE(op);
  EXPECT_TRUE(failed(verify(op)));
  EXPECT_EQ(error, "'riffle.clip' op clip min (6.000000e+00) must not be "
                   "greater than its max (0.000000e+00)");
}

} // namespace
