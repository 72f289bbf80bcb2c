// Complaints at the kiosk (docs/complaints.md "The kiosk"): filing (reason → phone → confirm → number) and progress (number → state, reply, stars), with every digit typed wiped.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/complaint.hpp"
#include "kiosk/clock.hpp"
#include "kiosk/rate_limit.hpp"
#include "sync/complaints.hpp"

namespace sunlight::kiosk {

// Digits typed on the keypad into one fixed buffer, wiped with sodium_memzero on clear() and
// destruction (a phone number, a tracking number). Refuses anything but '0'..'9' and an N+1th digit.
template <std::size_t N>
class DigitEntry {
 public:
  DigitEntry() = default;
  DigitEntry(const DigitEntry&) = delete;
  DigitEntry& operator=(const DigitEntry&) = delete;
  ~DigitEntry() { clear(); }

  bool push(char c) noexcept {
    if (size_ >= N || c < '0' || c > '9') return false;
    chars_[size_++] = c;
    return true;
  }
  void backspace() noexcept {
    if (size_ > 0) chars_[--size_] = '\0';
  }
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::string text() const { return std::string(chars_.data(), size_); }

 private:
  std::array<char, N> chars_{};
  std::size_t size_ = 0;
};

// One job at a time on a worker thread; poll() picks the answer up on the UI thread. An abandoned
// job's answer is thrown away (after `on_drop`, which wipes what it holds). Joins every thread
// still running when destroyed.
template <class T>
class Background {
 public:
  Background() = default;
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  ~Background();

  // `fn` runs on a new thread; an exception it throws gives T{}.
  void start(std::function<T()> fn);
  // The current job's answer once it is done (nullopt before, and for abandoned ones).
  [[nodiscard]] std::optional<T> poll(const std::function<void(T&)>& on_drop);
  void abandon() noexcept { ++generation_; }
  [[nodiscard]] bool running() const noexcept;
  [[nodiscard]] std::size_t workers() const noexcept { return jobs_.size(); }

 private:
  struct Slot {
    std::mutex mutex;
    bool done = false;
    T result{};
  };
  struct Job {
    std::thread thread;
    std::shared_ptr<Slot> slot;
    std::uint64_t generation = 0;
  };
  std::vector<Job> jobs_;
  std::uint64_t generation_ = 0;
};

// What the kiosk can do with complaints; FeedSync in the program, fakes in tests. Each runs on a
// worker thread, never on the frame.
struct ComplaintServices {
  std::function<sync::FiledComplaint(const sync::ComplaintDraft&)> file;
  std::function<sync::ComplaintCall(const std::string& tracking_no)> status;
  std::function<sync::ComplaintCall(const std::string& tracking_no, int stars, const std::string& key)> rate;
  // Where a number stands in this kiosk's own outbox, asked when the server does not know it
  // (or cannot be reached): a complaint still waiting to be sent is not "no such number".
  std::function<sync::LocalComplaint(const std::string& tracking_no)> local;
};

// Filing one complaint. UI thread only; never blocks (file() runs on a worker).
//
//   Reason ──reason──> Phone ──next (valid or empty: skip)──> Confirm ──submit──> Filing ──> Filed | Refused
//   back: Phone → Reason, Confirm → Phone; wipe(): everything typed and chosen gone
class FilingFlow {
 public:
  enum class Step { Reason, Phone, Confirm, Filing, Filed, Refused };
  // Why the phone was refused, as a catalog key suffix: "phone.short" (fewer than 11), "phone.prefix".
  static constexpr std::size_t kPhoneDigits = 11;

  FilingFlow() = default;

  void begin(sync::ComplaintSubject subject, std::string about);  // starts over at Reason
  void choose(core::ComplaintReason reason);                       // Reason → Phone
  bool press(char digit);                                          // Phone: false when refused (a 12th digit)
  void backspace();
  void clear();
  void next();   // Phone → Confirm when the number is empty or valid, else phone_problem()
  void skip();   // Phone → Confirm without a number (the typed digits wiped)
  // Confirm → Filing: starts the worker. False when nothing started (not on Confirm, or already
  // filing: a second tap on 提交 files nothing more).
  bool submit(const ComplaintServices& services);
  void back();
  void poll();
  void wipe();

  [[nodiscard]] Step step() const noexcept { return step_; }
  [[nodiscard]] const std::optional<core::ComplaintReason>& reason() const noexcept { return reason_; }
  [[nodiscard]] const sync::ComplaintSubject& subject() const noexcept { return subject_; }
  [[nodiscard]] const std::string& about() const noexcept { return about_; }
  [[nodiscard]] std::string phone_grouped() const;  // "138 0013 8000" as typed, for the entry field only
  [[nodiscard]] std::string phone_masked() const;   // "138****8000", "" without a number
  [[nodiscard]] std::size_t phone_size() const noexcept { return phone_.size(); }
  [[nodiscard]] const std::string& phone_problem() const noexcept { return phone_problem_; }
  [[nodiscard]] const sync::FiledComplaint& filed() const noexcept { return filed_; }
  [[nodiscard]] bool busy() const noexcept { return step_ == Step::Filing; }
  [[nodiscard]] std::size_t workers() const noexcept { return worker_.workers(); }
  // Complaints handed to file() since this flow was made: what "files once" is checked by.
  [[nodiscard]] int submissions() const noexcept { return submissions_; }

 private:
  Step step_ = Step::Reason;
  sync::ComplaintSubject subject_;
  std::string about_;  // what it is about, in words, for the confirm screen
  std::optional<core::ComplaintReason> reason_;
  DigitEntry<kPhoneDigits> phone_;
  std::string phone_problem_;
  sync::FiledComplaint filed_;
  Background<sync::FiledComplaint> worker_;
  int submissions_ = 0;
};

// Looking up one complaint's progress and rating it. UI thread only; the calls run on workers.
//
//   Entering ──check (10 digits, Luhn)──> Checking ──> Shown | Offline | Unknown | Failed
//                                                     | Pending | NotSubmitted (this kiosk's outbox)
//   Unknown numbers count as failed lookups in the kiosk's LookupRateLimit: too many → Paused.
//   Shown ──star, submit──> Rating ──> Shown (rated, 感谢评价) | Shown with rating_problem
//   A 409 to a rating (a retry after a lost reply, with other stars) asks the status again and
//   shows what the server holds: 感谢评价 when it is these stars, 您已评价 otherwise.
class ProgressFlow {
 public:
  enum class Step { Entering, Invalid, Checking, Shown, Offline, Unknown, Failed, Pending, NotSubmitted, Paused };
  enum class Rating { None, Sending, Thanks, Refused };
  static constexpr std::size_t kDigits = 10;

  ProgressFlow() = default;
  explicit ProgressFlow(LookupRateLimit limit) : limit_(limit) {}

  // The frame's time: failed checks are counted against it, and a pause that is over ends.
  void tick(SteadyTime now);
  [[nodiscard]] int pause_seconds_left() const noexcept { return limit_.remaining(now_); }
  [[nodiscard]] const LookupRateLimit& rate_limit() const noexcept { return limit_; }

  bool press(char digit);  // false when refused (an 11th digit, or while checking)
  void backspace();
  void clear();
  // Checks the number locally (length, check digit) before asking: Invalid with number_problem()
  // ("number.short", "number.check") and nothing sent, or Checking. False when nothing started.
  bool check(const ComplaintServices& services);
  void choose_stars(int stars);                      // Shown and rateable: 1..5
  bool submit_rating(const ComplaintServices& services);  // False when nothing started
  void again();  // back to an empty keypad (查其他编号)
  void edit();   // Unknown: back to the keypad with the number kept, to correct a digit (重新输入)
  bool retry(const ComplaintServices& services);  // Offline, Failed: the same number asked again (再试一次)
  void poll();
  void wipe();

  [[nodiscard]] Step step() const noexcept { return step_; }
  [[nodiscard]] std::string number_grouped() const;  // "0007 00042 3" as typed
  [[nodiscard]] std::size_t number_size() const noexcept { return number_.size(); }
  [[nodiscard]] const std::string& number_problem() const noexcept { return number_problem_; }
  [[nodiscard]] const std::optional<sync::ComplaintStatus>& status() const noexcept { return status_; }
  [[nodiscard]] int stars() const noexcept { return stars_; }
  [[nodiscard]] Rating rating() const noexcept { return rating_; }
  // Why a rating was refused: "already_rated", "not_replied", "offline", "failed".
  [[nodiscard]] const std::string& rating_problem() const noexcept { return rating_problem_; }
  [[nodiscard]] bool busy() const noexcept { return step_ == Step::Checking || rating_ == Rating::Sending; }
  [[nodiscard]] std::size_t workers() const noexcept { return status_worker_.workers() + rating_worker_.workers(); }
  [[nodiscard]] int ratings_sent() const noexcept { return ratings_sent_; }

 private:
  void drop_status() noexcept;

  Step step_ = Step::Entering;
  DigitEntry<kDigits> number_;
  std::string number_problem_;
  std::string asked_;  // the number being shown (digits only)
  std::optional<sync::ComplaintStatus> status_;
  int stars_ = 0;
  Rating rating_ = Rating::None;
  std::string rating_problem_;
  std::string rating_key_;  // one Idempotency-Key per complaint shown: a retry is the same rating
  int rated_stars_ = 0;     // the stars of the rating being sent
  bool refetching_ = false; // a 409 to a rating: the status asked again to see what was rated
  std::function<sync::ComplaintCall(const std::string&)> refetch_;
  LookupRateLimit limit_;
  SteadyTime now_{};
  Background<sync::ComplaintCall> status_worker_;
  Background<sync::ComplaintCall> rating_worker_;
  int ratings_sent_ = 0;
};

// Wipes a status's reply (it may name a person's circumstances) and the rest.
void wipe_status(sync::ComplaintStatus& status) noexcept;
void wipe_call(sync::ComplaintCall& call) noexcept;

[[nodiscard]] std::string_view filing_step_word(FilingFlow::Step step) noexcept;    // reason, phone, …
[[nodiscard]] std::string_view progress_step_word(ProgressFlow::Step step) noexcept;  // entering, …

}  // namespace sunlight::kiosk
