//===- AotText.cpp - Halide's text views of a compiled model -------------===//
//
// rifflec --emit=stmt|html|asm|llvm (riffle/Codegen/Aot.h, emitHalideText).
//
//===----------------------------------------------------------------------===//

#include "AotInternal.h"
#include "riffle/Codegen/Aot.h"
#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"

#include "Halide.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::aot;

bool mlir::riffle::aot::isGpuTarget(llvm::StringRef target) {
  return Halide::Target(target.str()).has_gpu_feature();
}

/// The GPU device code Halide embedded in a host module's LLVM IR: the
/// constant `@<api>_gpu_source_kernels.data = ... c"..."` (PTX for CUDA,
/// OpenCL C source), its escapes decoded and the terminating NUL dropped.
static FailureOr<std::string>
extractDeviceCode(llvm::StringRef llvmIr,
                  function_ref<InFlightDiagnostic()> emitError) {
  SmallVector<llvm::StringRef> lines;
  llvmIr.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (!line.starts_with("@") || !line.contains("_gpu_source_kernels"))
      continue;
    size_t open = line.find("c\"");
    size_t close = line.rfind('"');
    if (open == llvm::StringRef::npos || close <= open + 1)
      break;
    llvm::StringRef quoted = line.slice(open + 2, close);
    std::string text;
    for (size_t i = 0; i < quoted.size(); ++i) {
      unsigned byte = 0;
      if (quoted[i] == '\\' && i + 2 < quoted.size() &&
          !quoted.substr(i + 1, 2).getAsInteger(16, byte)) {
        text.push_back(static_cast<char>(byte));
        i += 2;
      } else {
        text.push_back(quoted[i]);
      }
    }
    while (!text.empty() && text.back() == '\0')
      text.pop_back();
    return text;
  }
  return emitError() << "no GPU kernels in the generated code (every loop "
                        "runs on the host)";
}

LogicalResult mlir::riffle::emitHalideText(
    func::FuncOp func, HalideTextKind kind, llvm::StringRef outputPath,
    llvm::StringRef name, llvm::StringRef targetString, ScheduleKind schedule,
    llvm::raw_ostream *progress) {
  MLIRContext *context = func.getContext();
  bool toStdout = outputPath.empty() || outputPath == "-";
  auto emitAtOutput = [&] {
    return mlir::emitError(
        FileLineColLoc::get(context, toStdout ? "-" : outputPath, 0, 0));
  };
  Progress say(progress);
  FailureOr<std::string> target = resolveHalideTarget(
      targetString, [&] { return mlir::emitError(UnknownLoc::get(context)); });
  if (failed(target))
    return failure();
  FailureOr<SmallVector<Shape>> inputShapes =
      getInputShapes(func, "code generation");
  if (failed(inputShapes))
    return failure();

  // Halide writes to a file by name: a unique temporary next to the output
  // (renamed into place), or in the system's temporary folder for stdout.
  llvm::SmallString<256> tmp;
  std::error_code ec;
  if (toStdout) {
    ec = llvm::sys::fs::createTemporaryFile("rifflec", "txt", tmp);
  } else {
    int fd;
    ec = llvm::sys::fs::createUniqueFile(outputPath + ".tmp%%%%%%", fd, tmp);
    if (!ec)
      llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  }
  if (ec)
    return emitAtOutput() << "cannot write: " << ec.message();
  llvm::scope_exit removeTmp([&] { llvm::sys::fs::remove(tmp); });

  FailureOr<LoweredPipeline> lowered =
      lowerAndSchedule(func, *inputShapes, schedule, *target, say);
  if (failed(lowered))
    return failure();
  // GPU targets: --emit=asm is the device code (PTX for CUDA, OpenCL C),
  // which Halide embeds as a constant in the host module.
  const bool deviceCode = kind == HalideTextKind::Asm && isGpuTarget(*target);
  Halide::OutputFileType fileType = Halide::OutputFileType::stmt;
  const char *what = "lowered statement";
  switch (kind) {
  case HalideTextKind::Stmt:
    fileType = Halide::OutputFileType::stmt;
    what = "lowered statement";
    break;
  case HalideTextKind::Html:
    fileType = Halide::OutputFileType::stmt_html;
    what = "HTML statement";
    break;
  case HalideTextKind::Asm:
    fileType = deviceCode ? Halide::OutputFileType::llvm_assembly
                          : Halide::OutputFileType::assembly;
    what = deviceCode ? "device code" : "assembly";
    break;
  case HalideTextKind::Llvm:
    fileType = Halide::OutputFileType::llvm_assembly;
    what = "LLVM IR";
    break;
  }
  say.say(llvm::Twine("Halide compile to ") + what + " (target " + *target +
      ") ...");
  say.start();
  // A function split into pipelines: each one's text, in the order they
  // run, under the names the library gives them.
  std::string text;
  const size_t numStages = lowered->stages.size();
  for (auto [index, stage] : llvm::enumerate(lowered->stages)) {
    if (failed(runHalide(
            [&] {
              std::vector<Halide::Argument> args(stage.params.begin(),
                                                 stage.params.end());
              stage.pipeline.compile_to(
                  {{fileType, std::string(tmp)}}, args,
                  getStageFunctionName(name, index, numStages),
                  Halide::Target(*target));
            },
            [&] { return func.emitError("Halide compilation failed: "); })))
      return failure();
    if (numStages == 1)
      break;
    auto buffer = llvm::MemoryBuffer::getFile(tmp);
    if (!buffer)
      return emitAtOutput() << "cannot read Halide's output: "
                            << buffer.getError().message();
    text += (*buffer)->getBuffer();
  }
  if (numStages > 1 && failed(writeText(tmp, text, emitAtOutput)))
    return failure();
  say.say(llvm::formatv("Halide compile done in {0:f2} s", say.seconds())
              .str());

  if (deviceCode) {
    auto buffer = llvm::MemoryBuffer::getFile(tmp);
    if (!buffer)
      return emitAtOutput() << "cannot read Halide's output: "
                            << buffer.getError().message();
    FailureOr<std::string> source =
        extractDeviceCode((*buffer)->getBuffer(), [&] {
          return mlir::emitError(func.getLoc(), "--emit=asm for target ")
                 << *target << ": ";
        });
    if (failed(source) ||
        failed(writeText(tmp, *source, emitAtOutput)))
      return failure();
  }
  if (toStdout) {
    auto buffer = llvm::MemoryBuffer::getFile(tmp);
    if (!buffer)
      return emitAtOutput() << "cannot read Halide's output: "
                            << buffer.getError().message();
    llvm::outs() << (*buffer)->getBuffer();
    llvm::outs().flush();
    return success();
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, outputPath))
    return emitAtOutput() << "cannot write: " << ec.message();
  return success();
}
