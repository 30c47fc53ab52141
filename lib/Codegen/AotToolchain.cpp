//===- AotToolchain.cpp - Compilers, archiver and linker for a target -----===//
//
// The C glue, shared libraries and runners are built by the system's
// toolchain for the Halide target: this machine's `cc`, `c++` and `ar`, or,
// for aarch64 Linux from another architecture, Debian's cross toolchain
// (g++-aarch64-linux-gnu: aarch64-linux-gnu-gcc, -g++, -ar). The role of
// IREE's LinkerTool.
//
//===----------------------------------------------------------------------===//

#include "AotInternal.h"
#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include "Halide.h"

#include <optional>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::aot;

FailureOr<Toolchain>
mlir::riffle::aot::getToolchain(llvm::StringRef targetOption,
                                EmitError emitError) {
  FailureOr<std::string> target = resolveHalideTarget(targetOption, emitError);
  if (failed(target))
    return failure();
  Toolchain tools;
  tools.target = *target;
  bool arm64Linux = false;
  if (failed(runHalide(
          [&] {
            Halide::Target t(*target), host = Halide::get_host_target();
            tools.native =
                t.os == host.os && t.arch == host.arch && t.bits == host.bits;
            arm64Linux = t.os == Halide::Target::Linux &&
                         t.arch == Halide::Target::ARM && t.bits == 64;
          },
          emitError)))
    return failure();
  if (tools.native)
    return tools;
  if (arm64Linux) {
    tools.triplePrefix = "aarch64-linux-gnu-";
    return tools;
  }
  return emitError() << "target '" << *target
                     << "' is for another architecture or OS, and rifflec "
                        "knows no cross toolchain for it (it knows "
                        "aarch64-linux-gnu- for arm-64-linux)";
}

LogicalResult mlir::riffle::aot::runTool(ArrayRef<std::string> argv,
                                         llvm::StringRef log,
                                         llvm::StringRef what,
                                         EmitError emitError) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(argv[0]);
  if (!program)
    return emitError() << what << " needs '" << argv[0] << "' on PATH";
  SmallVector<llvm::StringRef> args(argv.begin(), argv.end());
  std::string errMsg;
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log, log};
  int rc = llvm::sys::ExecuteAndWait(*program, args, std::nullopt, redirects,
                                     0, 0, &errMsg);
  if (rc == 0)
    return success();
  std::string output;
  if (auto buffer = llvm::MemoryBuffer::getFile(log))
    output = (*buffer)->getBuffer().trim().str();
  return emitError() << what << " failed"
                     << (errMsg.empty() ? "" : ": " + errMsg)
                     << (output.empty() ? "" : ":\n" + output);
}

LogicalResult mlir::riffle::aot::compileC(const Toolchain &tools,
                                          llvm::StringRef source,
                                          llvm::StringRef includeDir,
                                          llvm::StringRef object,
                                          llvm::StringRef log,
                                          EmitError emitError) {
  std::string cc = tools.native ? "cc" : tools.triplePrefix + "gcc";
  // A TSan build's thread pool tells ThreadSanitizer where it synchronizes
  // (glue/riffle_glue_threads.c).
  const bool tsan =
      Halide::Target(tools.target).has_feature(Halide::Target::TSAN);
  return runTool({cc, "-std=gnu99", "-O2", "-fPIC", "-Wall", "-Werror",
                  std::string("-DRIFFLE_GLUE_TSAN=") + (tsan ? "1" : "0"),
                  "-I" + includeDir.str(), "-c", source.str(), "-o",
                  object.str()},
                 log, "compiling the C glue", emitError);
}

LogicalResult mlir::riffle::aot::addToArchive(const Toolchain &tools,
                                              llvm::StringRef archive,
                                              ArrayRef<std::string> objects,
                                              llvm::StringRef log,
                                              EmitError emitError) {
  std::vector<std::string> argv = {tools.triplePrefix + "ar", "rcs",
                                   archive.str()};
  argv.insert(argv.end(), objects.begin(), objects.end());
  return runTool(argv, log, "archiving " + archive.str(), emitError);
}

LogicalResult mlir::riffle::aot::linkShared(const Toolchain &tools,
                                            llvm::StringRef archive,
                                            llvm::StringRef so,
                                            llvm::StringRef log,
                                            EmitError emitError) {
  std::string cc = tools.native ? "cc" : tools.triplePrefix + "gcc";
  // The soname is the file's name: a program linked against it finds it
  // through its run path (or LD_LIBRARY_PATH), wherever it was linked from.
  std::string soname = "-Wl,-soname," + llvm::sys::path::filename(so).str();
  return runTool({cc, "-shared", "-o", so.str(), soname, "-Wl,--whole-archive",
                  archive.str(), "-Wl,--no-whole-archive", "-lpthread", "-ldl",
                  "-lm"},
                 log, "linking " + llvm::sys::path::filename(so).str(),
                 emitError);
}

LogicalResult mlir::riffle::aot::linkRunner(
    const Toolchain &tools, ArrayRef<std::string> sources,
    llvm::StringRef sourceDir, llvm::StringRef archive, llvm::StringRef exe,
    llvm::StringRef log, EmitError emitError) {
  std::string cxx = tools.native ? "c++" : tools.triplePrefix + "g++";
  std::vector<std::string> argv = {cxx, "-std=c++17", "-O2", "-w",
                                   "-I" + sourceDir.str()};
  argv.insert(argv.end(), sources.begin(), sources.end());
  argv.insert(argv.end(),
              {archive.str(), "-o", exe.str(), "-pthread", "-ldl", "-lm"});
  return runTool(argv, log,
                 "building " + llvm::sys::path::filename(exe).str(),
                 emitError);
}
