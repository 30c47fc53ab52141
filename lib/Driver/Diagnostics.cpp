//===- Diagnostics.cpp - How rifflec prints diagnostics -------------------===//

#include "riffle/Driver/Driver.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static llvm::StringRef severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

/// "FILE:LINE:COL" (IR files), "FILE" (model files: no lines), plus the ONNX
/// node a NameLoc names.
static void printLocation(Location loc, llvm::raw_ostream &os,
                          std::string &nodeName) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    nodeName = name.getName().str();
    printLocation(name.getChildLoc(), os, nodeName);
    return;
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue();
    if (file.getLine() > 0)
      os << ":" << file.getLine() << ":" << file.getColumn();
    os << ": ";
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    if (!fused.getLocations().empty())
      printLocation(fused.getLocations().front(), os, nodeName);
    return;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    printLocation(callSite.getCaller(), os, nodeName);
    return;
  }
}

static void printDiagnostic(Diagnostic &diag, llvm::raw_ostream &os) {
  std::string nodeName;
  printLocation(diag.getLocation(), os, nodeName);
  os << severityName(diag.getSeverity()) << ": ";
  if (!nodeName.empty())
    os << "node '" << nodeName << "': ";
  os << diag << "\n";
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(note, os);
}

void mlir::riffle::registerDriverDiagnosticHandler(MLIRContext &context) {
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    printDiagnostic(diag, llvm::errs());
    llvm::errs().flush();
  });
}
