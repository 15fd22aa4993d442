// The one error model of feedmirror: failures are thrown as feedmirror::Error
// (or a subclass), whose message carries its context — which source, file,
// key or line went wrong and how — so that a caller at a boundary (one source
// in a fetch run, one command in main) can report it as is and go on.
// Outcomes that are normal for a stage (an HTTP 404, a recovered malformed
// feed) are values in that stage's result types, not exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace feedmirror {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bad configuration or command line: main exits with status 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace feedmirror
