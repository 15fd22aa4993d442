#include "content/gumbo_guard.h"

#include <gumbo.h>
#include <setjmp.h>
#include <signal.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <vector>

namespace feedmirror {

class GumboParse::Arena {
 public:
  explicit Arena(size_t input_size) : next_block_(std::max<size_t>(16 * 1024, 4 * input_size)) {}

  static void* Allocate(void* arena, size_t size) { return static_cast<Arena*>(arena)->Take(size); }
  static void Deallocate(void*, void*) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);

  void* Take(size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > static_cast<size_t>(end_ - next_)) Grow(size);
    char* block = next_;
    next_ += size;
    return block;
  }

  void Grow(size_t size) {
    size_t block = std::max(size, next_block_);
    next_block_ *= 2;
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
    next_ = blocks_.back().get();
    end_ = next_ + block;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  size_t next_block_;
};

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

GumboParse::GumboParse(const GumboOptions& options, std::string_view input) {
  InstallAbortHandlerOnce();
  GumboOptions with_allocator = options;
  with_allocator.allocator = kGumboDefaultOptions.allocator;
  with_allocator.deallocator = kGumboDefaultOptions.deallocator;
  with_allocator.userdata = nullptr;
  if (input.size() <= kGumboArenaMaxInput) {
    arena_ = std::make_unique<Arena>(input.size());
    with_allocator.allocator = Arena::Allocate;
    with_allocator.deallocator = Arena::Deallocate;
    with_allocator.userdata = arena_.get();
  }
  output_ = ParseOrNull(&with_allocator, input.data(), input.size());
  if (output_ == nullptr) throw HtmlParserFailure("the HTML parser (gumbo) failed on this HTML");
}

GumboParse::~GumboParse() {
  if (!arena_ && output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

}  // namespace feedmirror
