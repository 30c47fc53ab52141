//===- PassCounters.cpp - Pass statistics that always work ----------------===//

#include "riffle/Transforms/PassCounters.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "llvm/ADT/MapVector.h"

#include <mutex>

using namespace mlir;
using namespace mlir::riffle;

namespace {
class PassCountersInstrumentation : public PassInstrumentation {
public:
  explicit PassCountersInstrumentation(llvm::raw_ostream &os) : os(os) {}

  ~PassCountersInstrumentation() override {
    if (totals.empty())
      return;
    os << "===--- riffle pass statistics ---===\n";
    for (auto &[pass, counters] : totals) {
      os << pass << "\n";
      for (auto &[name, entry] : counters)
        os << "  " << entry.second << " " << name << " - " << entry.first
           << "\n";
    }
    os.flush();
  }

  void runAfterPass(Pass *pass, Operation *) override {
    auto *counted = dynamic_cast<PassCounters *>(pass);
    if (!counted)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    auto &counters = totals[pass->getArgument()];
    for (const PassCounters::Counter &counter : counted->getLastRunCounters()) {
      auto &entry = counters[counter.name];
      entry.first = counter.description;
      entry.second += counter.value;
    }
  }

private:
  llvm::raw_ostream &os;
  std::mutex mutex;
  // pass -> counter -> (description, total), in first-seen order.
  llvm::MapVector<llvm::StringRef,
                  llvm::MapVector<llvm::StringRef,
                                  std::pair<llvm::StringRef, uint64_t>>>
      totals;
};
} // namespace

void mlir::riffle::addPassCountersInstrumentation(PassManager &pm,
                                                  llvm::raw_ostream &os) {
  pm.addInstrumentation(std::make_unique<PassCountersInstrumentation>(os));
}
