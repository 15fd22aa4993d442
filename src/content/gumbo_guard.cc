#include "content/gumbo_guard.h"

#include <gumbo.h>
#include <setjmp.h>
#include <signal.h>

#include <mutex>

namespace feedmirror {

namespace {

// The guarded call of this thread, or nullptr. The executable's own TLS,
// read without a function call: safe in a signal handler.
thread_local sigjmp_buf* t_guard = nullptr;
struct sigaction g_previous_abort_action;

extern "C" void OnAbortSignal(int signal) {
  if (sigjmp_buf* guard = t_guard) {
    t_guard = nullptr;
    siglongjmp(*guard, 1);
  }
  // Not inside a guarded parse: what SIGABRT did before.
  sigaction(SIGABRT, &g_previous_abort_action, nullptr);
  raise(signal);
}

void InstallAbortHandlerOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = OnAbortSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGABRT, &action, &g_previous_abort_action);
  });
}

// Only C frames (gumbo's) lie between the sigsetjmp and a jump back: no C++
// destructor is skipped.
GumboOutput* ParseOrNull(const GumboOptions* options, const char* data, size_t size) {
  sigjmp_buf guard;
  if (sigsetjmp(guard, 1) != 0) return nullptr;  // jumped back from OnAbortSignal
  t_guard = &guard;
  GumboOutput* output = gumbo_parse_with_options(options, data, size);
  t_guard = nullptr;
  return output;
}

}  // namespace

GumboOutput* GuardedGumboParse(const GumboOptions& options, std::string_view input) {
  InstallAbortHandlerOnce();
  GumboOutput* output = ParseOrNull(&options, input.data(), input.size());
  if (output == nullptr) throw HtmlParserFailure("the HTML parser (gumbo) failed on this HTML");
  return output;
}

}  // namespace feedmirror
