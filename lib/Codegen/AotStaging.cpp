//===- AotStaging.cpp - Output staging for the AOT writer ----------------===//
//
// Every file of a build is written into a temporary folder inside OUTDIR and
// renamed into place at the end (renames stay on one file system), so a
// failed run leaves none of them behind and a present NAME.a means a
// complete set.
//
//===----------------------------------------------------------------------===//

#include "AotInternal.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::aot;

LogicalResult mlir::riffle::aot::writeText(llvm::StringRef path,
                                           llvm::StringRef text,
                                           EmitError emitError) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return emitError() << "cannot write '" << path << "': " << ec.message();
  os << text;
  os.close();
  if (os.has_error()) {
    os.clear_error();
    return emitError() << "write to '" << path << "' failed";
  }
  return success();
}

OutputStaging::~OutputStaging() {
  if (!tmpDir.empty())
    llvm::sys::fs::remove_directories(tmpDir);
}

LogicalResult OutputStaging::create(llvm::StringRef dir, llvm::StringRef name,
                                    EmitError emitAtDir) {
  outputDir = dir.str();
  if (llvm::sys::fs::exists(dir) && !llvm::sys::fs::is_directory(dir))
    return emitAtDir() << "output path is not a folder";
  if (std::error_code ec = llvm::sys::fs::create_directories(
          dir, /*IgnoreExisting=*/true, llvm::sys::fs::all_all))
    return emitAtDir() << "cannot create output folder: " << ec.message();
  // createUniqueDirectory puts a relative prefix under the system's temp
  // folder; the temporary folder must be inside OUTDIR, so make the prefix
  // absolute.
  llvm::SmallString<256> prefix(dir);
  llvm::sys::path::append(prefix, "." + name + ".tmp");
  if (std::error_code ec = llvm::sys::fs::make_absolute(prefix))
    return emitAtDir() << "cannot resolve output folder: " << ec.message();
  llvm::SmallString<256> created;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(prefix, created))
    return emitAtDir() << "cannot write into output folder: " << ec.message();
  tmpDir = std::string(created);
  return success();
}

std::string OutputStaging::path(llvm::StringRef file) const {
  llvm::SmallString<256> result(tmpDir);
  llvm::sys::path::append(result, file);
  return std::string(result);
}

LogicalResult OutputStaging::write(llvm::StringRef file, llvm::StringRef text,
                                   EmitError emitError) const {
  std::string full = path(file);
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(full));
  return writeText(full, text, emitError);
}

LogicalResult OutputStaging::write(
    ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> files,
    EmitError emitError) const {
  for (auto [file, text] : files)
    if (failed(write(file, text, emitError)))
      return failure();
  return success();
}

LogicalResult OutputStaging::commit(ArrayRef<std::string> files,
                                    EmitError emitAtDir) {
  SmallVector<std::string> moved;
  for (const std::string &file : files) {
    llvm::SmallString<256> dest(outputDir);
    llvm::sys::path::append(dest, file);
    if (std::error_code ec = llvm::sys::fs::rename(path(file), dest)) {
      for (const std::string &done : moved)
        llvm::sys::fs::remove(done);
      return emitAtDir() << "cannot move '" << file
                         << "' into place: " << ec.message();
    }
    moved.push_back(std::string(dest));
  }
  return success();
}
