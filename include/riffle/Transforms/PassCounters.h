//===- PassCounters.h - Pass statistics that always work --------*- C++ -*-===//
//
// MLIR's pass statistics (-mlir-pass-statistics) are no-ops unless LLVM was
// built with statistics enabled, which Debian's release build is not. Riffle's
// passes declare their statistics in Passes.td (so such builds print them)
// and also record them here; an instrumentation sums them over all runs and
// prints them after the pipeline (riffle-opt --riffle-pass-statistics,
// rifflec --pass-statistics).
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_TRANSFORMS_PASSCOUNTERS_H
#define RIFFLE_TRANSFORMS_PASSCOUNTERS_H

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::riffle {

/// Mixed into a pass: the counts of its last run on one operation.
class PassCounters {
public:
  struct Counter {
    llvm::StringRef name;
    llvm::StringRef description;
    uint64_t value;
  };
  virtual ~PassCounters() = default;
  llvm::ArrayRef<Counter> getLastRunCounters() const { return lastRun; }

protected:
  llvm::SmallVector<Counter> lastRun;
};

/// Adds an instrumentation to `pm` that sums the counters of every riffle
/// pass and prints them to `os` when `pm` is destroyed.
void addPassCountersInstrumentation(PassManager &pm, llvm::raw_ostream &os);

} // namespace mlir::riffle

#endif // RIFFLE_TRANSFORMS_PASSCOUNTERS_H
