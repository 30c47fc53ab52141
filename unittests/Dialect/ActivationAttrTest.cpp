//===- ActivationAttrTest.cpp - #riffle.act semantics and syntax ----------===//

#include "riffle/Dialect/Riffle/RiffleAttrs.h"
#include "riffle/Dialect/Riffle/RiffleDialect.h"

#include "mlir/IR/AttributeSupport.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/AsmParser/AsmParser.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir;
using namespace mlir::riffle;

namespace {

TEST(ActivationAttrTest, ReferenceSemantics) {
  MLIRContext context;
  context.loadDialect<RiffleDialect>();
  auto relu6 = ActivationAttr::get(&context, ActivationKind::clip, 0.0, 6.0);
  EXPECT_EQ(relu6.apply(-1.0f), 0.0f);
  EXPECT_EQ(relu6.apply(7.5f), 6.0f);
  EXPECT_EQ(relu6.apply(2.5f), 2.5f);

  auto hardswish = ActivationAttr::get(&context, ActivationKind::hardswish);
  // x * relu6(x + 3) / 6: 1 * 4 / 6, -4 -> 0, 4 -> 4 (saturated).
  EXPECT_FLOAT_EQ(hardswish.apply(1.0f), 4.0f / 6.0f);
  EXPECT_EQ(hardswish.apply(-4.0f), 0.0f);
  EXPECT_EQ(hardswish.apply(4.0f), 4.0f);

  auto leaky = ActivationAttr::get(&context, ActivationKind::leaky_relu, 0.1);
  EXPECT_FLOAT_EQ(leaky.apply(-2.0f), -0.2f);

  auto hardsigmoid =
      ActivationAttr::get(&context, ActivationKind::hardsigmoid, 0.2, 0.5);
  EXPECT_FLOAT_EQ(hardsigmoid.apply(1.0f), 0.7f);
  EXPECT_EQ(hardsigmoid.apply(10.0f), 1.0f);

  auto sigmoid = ActivationAttr::get(&context, ActivationKind::sigmoid);
  EXPECT_FLOAT_EQ(sigmoid.apply(0.0f), 0.5f);
}

TEST(ActivationAttrTest, ParseAndPrint) {
  MLIRContext context;
  context.loadDialect<RiffleDialect>();
  Attribute parsed = parseAttribute("#riffle.act<clip(0.0, 6.0)>", &context);
  auto act = dyn_cast_or_null<ActivationAttr>(parsed);
  ASSERT_TRUE(act);
  EXPECT_EQ(act.getKind(), ActivationKind::clip);
  EXPECT_EQ(act.getBetaValue(), 6.0);

  std::string text;
  llvm::raw_string_ostream os(text);
  Attribute(act).print(os);
  EXPECT_EQ(text, "#riffle.act<clip(0.000000e+00, 6.000000e+00)>");

  // Printing and parsing are inverse: a parameter printed at single
  // precision reads back as the same value.
  for (const char *text : {"#riffle.act<hardsigmoid(0.166666672, 5.000000e-01)>",
                           "#riffle.act<leaky_relu(0.00999999977)>",
                           "#riffle.act<leaky_relu(1.000000e-01)>",
                           "#riffle.act<clip(-1.000000e+00, 0x7FF0000000000000)>"}) {
    Attribute once = parseAttribute(text, &context);
    ASSERT_TRUE(once) << text;
    std::string printed;
    llvm::raw_string_ostream printedOs(printed);
    once.print(printedOs);
    EXPECT_EQ(printed, text);
    EXPECT_EQ(parseAttribute(printed, &context), once) << text;
  }
  // The text's parameters are the f32 values the activation ops hold.
  EXPECT_EQ(parseAttribute("#riffle.act<leaky_relu(0.1)>", &context),
            ActivationAttr::get(&context, ActivationKind::leaky_relu,
                                static_cast<double>(0.1f)));

  std::string error;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    error = diag.str();
    return success();
  });
  EXPECT_FALSE(parseAttribute("#riffle.act<clip(6.0, 0.0)>", &context));
  EXPECT_NE(error.find("must not be greater than its max"), std::string::npos)
      << error;
  // Builders from C++ can pass parameters the syntax never would.
  EXPECT_FALSE(ActivationAttr::getChecked(
      [&] { return emitError(UnknownLoc::get(&context)); }, &context,
      ActivationKind::relu, llvm::APFloat(1.0), llvm::APFloat(0.0)));
  EXPECT_NE(error.find("activation 'relu' takes 0 parameter(s)"),
            std::string::npos)
      << error;
  EXPECT_FALSE(parseAttribute("#riffle.act<swish>", &context));
  EXPECT_NE(error.find("unknown activation 'swish'"), std::string::npos)
      << error;
}

} // namespace
