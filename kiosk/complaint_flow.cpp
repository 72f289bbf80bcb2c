// The complaint flows: local checks before anything is sent, one worker per call, every typed digit and every reply wiped.
#include "kiosk/complaint_flow.hpp"

#include <sodium.h>

#include "kiosk/wipe.hpp"

namespace sunlight::kiosk {

template <std::size_t N>
void DigitEntry<N>::clear() noexcept {
  sodium_memzero(chars_.data(), chars_.size());
  size_ = 0;
}

template <class T>
Background<T>::~Background() {
  for (auto& job : jobs_)
    if (job.thread.joinable()) job.thread.join();
}

template <class T>
void Background<T>::start(std::function<T()> fn) {
  auto slot = std::make_shared<Slot>();
  Job job;
  job.slot = slot;
  job.generation = generation_;
  job.thread = std::thread([slot, fn = std::move(fn)] {
    T result{};
    try {
      result = fn();
    } catch (...) {
      result = T{};
    }
    const std::lock_guard lock(slot->mutex);
    slot->result = std::move(result);
    slot->done = true;
  });
  jobs_.push_back(std::move(job));
}

template <class T>
std::optional<T> Background<T>::poll(const std::function<void(T&)>& on_drop) {
  std::optional<T> answer;
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    bool done = false;
    {
      const std::lock_guard lock(it->slot->mutex);
      done = it->slot->done;
    }
    if (!done) {
      ++it;
      continue;
    }
    it->thread.join();
    T result;
    {
      const std::lock_guard lock(it->slot->mutex);
      result = std::move(it->slot->result);
      on_drop(it->slot->result);
    }
    if (it->generation == generation_) {
      answer = std::move(result);
    } else {
      on_drop(result);
    }
    it = jobs_.erase(it);
  }
  return answer;
}

template <class T>
bool Background<T>::running() const noexcept {
  for (const auto& job : jobs_) {
    if (job.generation != generation_) continue;
    const std::lock_guard lock(job.slot->mutex);
    if (!job.slot->done) return true;
  }
  return false;
}

template class DigitEntry<FilingFlow::kPhoneDigits>;
template class DigitEntry<ProgressFlow::kDigits>;
template class Background<sync::FiledComplaint>;
template class Background<sync::ComplaintCall>;

void wipe_status(sync::ComplaintStatus& status) noexcept {
  wipe_string(status.tracking_no);
  wipe_string(status.received_at);
  wipe_string(status.deadline_at);
  if (status.reply) {
    wipe_string(status.reply->text);
    wipe_string(status.reply->at);
    wipe_string(status.reply->by);
  }
  status.reply.reset();
  status.rating = 0;
  status.can_rate = false;
}

void wipe_call(sync::ComplaintCall& call) noexcept {
  if (call.status) wipe_status(*call.status);
  call.status.reset();
  wipe_string(call.error);
}

namespace {

void wipe_filed(sync::FiledComplaint& filed) noexcept {
  wipe_string(filed.tracking_no);
  wipe_string(filed.error);
  filed.outcome = sync::FiledComplaint::Outcome::Failed;
}

// Groups of digits as a person reads them: sizes {3, 4, 4} → "138 0013 8000".
std::string grouped(const std::string& digits, std::initializer_list<std::size_t> sizes) {
  std::string out;
  std::size_t at = 0;
  for (const auto size : sizes) {
    if (at >= digits.size()) break;
    if (!out.empty()) out += ' ';
    out += digits.substr(at, size);
    at += size;
  }
  return out;
}

}  // namespace

// ---- FilingFlow ------------------------------------------------------------------------------

void FilingFlow::begin(sync::ComplaintSubject subject, std::string about) {
  wipe();
  subject_ = std::move(subject);
  about_ = std::move(about);
}

void FilingFlow::choose(core::ComplaintReason reason) {
  if (step_ != Step::Reason) return;
  reason_ = reason;
  step_ = Step::Phone;
}

bool FilingFlow::press(char digit) {
  if (step_ != Step::Phone) return false;
  phone_problem_.clear();
  return phone_.push(digit);
}

void FilingFlow::backspace() {
  if (step_ != Step::Phone) return;
  phone_problem_.clear();
  phone_.backspace();
}

void FilingFlow::clear() {
  if (step_ != Step::Phone) return;
  phone_problem_.clear();
  phone_.clear();
}

void FilingFlow::next() {
  if (step_ != Step::Phone) return;
  if (!phone_.empty()) {
    std::string digits = phone_.text();
    const bool valid = core::valid_mobile_number(digits);
    // A wrong start is said first: no use typing on to eleven digits that cannot be right.
    const bool wrong_start = digits[0] != '1' || (digits.size() >= 2 && (digits[1] < '3' || digits[1] > '9'));
    wipe_string(digits);
    if (!valid) {
      phone_problem_ = wrong_start ? "phone.prefix" : "phone.short";
      return;
    }
  }
  phone_problem_.clear();
  step_ = Step::Confirm;
}

void FilingFlow::skip() {
  if (step_ != Step::Phone) return;
  phone_.clear();
  phone_problem_.clear();
  step_ = Step::Confirm;
}

bool FilingFlow::submit(const ComplaintServices& services) {
  if (step_ != Step::Confirm || !reason_ || !services.file) return false;
  sync::ComplaintDraft draft;
  draft.reason = *reason_;
  draft.subject = subject_;
  draft.phone = phone_.text();
  ++submissions_;
  step_ = Step::Filing;
  worker_.start([file = services.file, draft = std::move(draft)]() mutable {
    sync::FiledComplaint filed;
    try {
      filed = file(draft);
    } catch (const std::exception& e) {
      filed.outcome = sync::FiledComplaint::Outcome::Failed;
      filed.error = e.what();
    }
    wipe_string(draft.phone);
    wipe_string(draft.subject.person_tag);
    return filed;
  });
  return true;
}

void FilingFlow::back() {
  switch (step_) {
    case Step::Phone:
      phone_.clear();
      phone_problem_.clear();
      step_ = Step::Reason;
      break;
    case Step::Confirm: step_ = Step::Phone; break;
    default: break;
  }
}

void FilingFlow::poll() {
  auto answer = worker_.poll(wipe_filed);
  if (!answer || step_ != Step::Filing) {
    if (answer) wipe_filed(*answer);
    return;
  }
  wipe_filed(filed_);
  filed_ = std::move(*answer);
  // The number is issued and queued (or refused): the phone has no more business in memory.
  phone_.clear();
  step_ = filed_.outcome == sync::FiledComplaint::Outcome::Queued ? Step::Filed : Step::Refused;
}

void FilingFlow::wipe() {
  worker_.abandon();
  phone_.clear();
  wipe_string(phone_problem_);
  wipe_string(subject_.person_tag);
  wipe_string(subject_.programme);
  wipe_string(subject_.paid_on);
  subject_ = sync::ComplaintSubject{};
  wipe_string(about_);
  reason_.reset();
  wipe_filed(filed_);
  step_ = Step::Reason;
}

std::string FilingFlow::phone_grouped() const {
  std::string digits = phone_.text();
  auto out = grouped(digits, {3, 4, 4});
  wipe_string(digits);
  return out;
}

std::string FilingFlow::phone_masked() const {
  std::string digits = phone_.text();
  auto out = core::mask_mobile_number(digits);
  wipe_string(digits);
  return out;
}

// ---- ProgressFlow ----------------------------------------------------------------------------

void ProgressFlow::tick(SteadyTime now) {
  now_ = now;
  if (step_ == Step::Paused && !limit_.paused(now_)) step_ = Step::Entering;
}

bool ProgressFlow::press(char digit) {
  if (step_ == Step::Checking || step_ == Step::Shown || step_ == Step::Paused) return false;
  if (step_ != Step::Entering) step_ = Step::Entering;
  number_problem_.clear();
  return number_.push(digit);
}

void ProgressFlow::backspace() {
  if (step_ == Step::Checking || step_ == Step::Shown || step_ == Step::Paused) return;
  step_ = Step::Entering;
  number_problem_.clear();
  number_.backspace();
}

void ProgressFlow::clear() {
  if (step_ == Step::Checking || step_ == Step::Shown || step_ == Step::Paused) return;
  step_ = Step::Entering;
  number_problem_.clear();
  number_.clear();
}

bool ProgressFlow::check(const ComplaintServices& services) {
  if (step_ == Step::Checking || step_ == Step::Shown || !services.status) return false;
  if (limit_.paused(now_)) {
    // Numbers are sequential: walking them is what the pause is for, as with ID numbers.
    step_ = Step::Paused;
    return false;
  }
  const std::string digits = number_.text();
  if (digits.size() != kDigits) {
    number_problem_ = "number.short";
    step_ = Step::Invalid;
    return false;
  }
  if (!core::parse_tracking_number(digits)) {
    // A typo (Luhn catches one wrong digit and most swaps): said here, nothing asked.
    number_problem_ = "number.check";
    step_ = Step::Invalid;
    return false;
  }
  number_problem_.clear();
  drop_status();
  asked_ = digits;
  step_ = Step::Checking;
  refetching_ = false;
  status_worker_.start([status = services.status, local = services.local, digits] {
    auto call = status(digits);
    using Outcome = sync::ComplaintCall::Outcome;
    if (local && (call.outcome == Outcome::Unknown || call.outcome == Outcome::Offline)) {
      try {
        call.local = local(digits);
      } catch (...) {
        call.local = sync::LocalComplaint::None;
      }
    }
    return call;
  });
  return true;
}

void ProgressFlow::choose_stars(int stars) {
  if (step_ != Step::Shown || !status_ || !status_->can_rate || rating_ == Rating::Sending || rating_ == Rating::Thanks)
    return;
  if (stars < 1 || stars > 5) return;
  stars_ = stars;
  if (rating_ == Rating::Refused && rating_problem_ != "offline" && rating_problem_ != "failed") return;
  rating_ = Rating::None;
  rating_problem_.clear();
}

bool ProgressFlow::submit_rating(const ComplaintServices& services) {
  if (step_ != Step::Shown || !status_ || !status_->can_rate || stars_ < 1 || !services.rate) return false;
  if (rating_ == Rating::Sending || rating_ == Rating::Thanks) return false;
  if (rating_ == Rating::Refused && rating_problem_ != "offline" && rating_problem_ != "failed") return false;
  if (rating_key_.empty()) rating_key_ = sync::new_idempotency_key();
  rating_ = Rating::Sending;
  rating_problem_.clear();
  ++ratings_sent_;
  rated_stars_ = stars_;
  refetch_ = services.status;
  rating_worker_.start([rate = services.rate, number = asked_, stars = stars_, key = rating_key_] {
    return rate(number, stars, key);
  });
  return true;
}

void ProgressFlow::again() {
  if (step_ == Step::Checking) return;
  status_worker_.abandon();
  rating_worker_.abandon();
  drop_status();
  number_.clear();
  number_problem_.clear();
  step_ = limit_.paused(now_) ? Step::Paused : Step::Entering;  // going home does not end a pause
}

void ProgressFlow::edit() {
  if (step_ != Step::Unknown && step_ != Step::Invalid && step_ != Step::Pending && step_ != Step::NotSubmitted) return;
  number_problem_.clear();
  step_ = Step::Entering;
}

bool ProgressFlow::retry(const ComplaintServices& services) {
  if (step_ != Step::Offline && step_ != Step::Failed) return false;
  step_ = Step::Entering;
  return check(services);
}

void ProgressFlow::poll() {
  if (auto answer = status_worker_.poll(wipe_call)) {
    using Outcome = sync::ComplaintCall::Outcome;
    if (refetching_) {
      // The status asked again after a 409 to a rating: what does the server hold?
      refetching_ = false;
      if (rating_ == Rating::Sending && step_ == Step::Shown && status_) {
        if (answer->outcome == Outcome::Ok && answer->status && answer->status->rating > 0) {
          wipe_status(*status_);
          status_ = std::move(answer->status);
          answer->status.reset();
          if (status_->rating == rated_stars_) {
            rating_ = Rating::Thanks;  // ours, with these stars: the first reply was lost
          } else {
            rating_ = Rating::None;    // rated before (您已评价 N 星): shown from the status
            stars_ = 0;
          }
        } else {
          rating_ = Rating::Refused;
          rating_problem_ = answer->outcome == Outcome::Offline ? "offline" : "failed";
        }
      }
    } else if (step_ == Step::Checking) {
      switch (answer->outcome) {
        case Outcome::Ok:
          status_ = std::move(answer->status);
          answer->status.reset();
          step_ = Step::Shown;
          break;
        case Outcome::Offline:
        case Outcome::Unknown:
          if (answer->local == sync::LocalComplaint::Pending) {
            step_ = Step::Pending;
          } else if (answer->local == sync::LocalComplaint::Refused) {
            step_ = Step::NotSubmitted;
          } else if (answer->outcome == Outcome::Offline) {
            step_ = Step::Offline;
          } else {
            // A number nobody has: counted like an ID that finds nothing.
            step_ = limit_.record_failure(now_) ? Step::Paused : Step::Unknown;
          }
          break;
        default: step_ = Step::Failed; break;
      }
    }
    wipe_call(*answer);
  }
  if (auto answer = rating_worker_.poll(wipe_call)) {
    if (rating_ == Rating::Sending && status_ && answer->http_status == 409 && refetch_ && !asked_.empty()) {
      // already_rated, idempotency_conflict (a retry with other stars after a lost reply), …:
      // the server's status says what was rated. Sending until it answers.
      refetching_ = true;
      status_worker_.start([status = refetch_, number = asked_] { return status(number); });
    } else if (rating_ == Rating::Sending && status_) {
      using Outcome = sync::ComplaintCall::Outcome;
      switch (answer->outcome) {
        case Outcome::Ok:
          if (answer->status) {
            wipe_status(*status_);
            status_ = std::move(answer->status);
            answer->status.reset();
          }
          rating_ = Rating::Thanks;
          break;
        case Outcome::AlreadyRated:
          rating_ = Rating::Refused;
          rating_problem_ = "already_rated";
          break;
        case Outcome::NotReplied:
          rating_ = Rating::Refused;
          rating_problem_ = "not_replied";
          break;
        case Outcome::Offline:
          rating_ = Rating::Refused;
          rating_problem_ = "offline";
          break;
        default:
          rating_ = Rating::Refused;
          rating_problem_ = "failed";
          break;
      }
    }
    wipe_call(*answer);
  }
}

void ProgressFlow::drop_status() noexcept {
  if (status_) wipe_status(*status_);
  status_.reset();
  wipe_string(asked_);
  stars_ = 0;
  rating_ = Rating::None;
  rating_problem_.clear();
  rating_key_.clear();
  rated_stars_ = 0;
  refetching_ = false;
}

void ProgressFlow::wipe() {
  status_worker_.abandon();
  rating_worker_.abandon();
  drop_status();
  number_.clear();
  number_problem_.clear();
  step_ = limit_.paused(now_) ? Step::Paused : Step::Entering;  // going home does not end a pause
}

std::string ProgressFlow::number_grouped() const { return grouped(number_.text(), {4, 5, 1}); }

std::string_view filing_step_word(FilingFlow::Step step) noexcept {
  switch (step) {
    case FilingFlow::Step::Reason: return "reason";
    case FilingFlow::Step::Phone: return "phone";
    case FilingFlow::Step::Confirm: return "confirm";
    case FilingFlow::Step::Filing: return "filing";
    case FilingFlow::Step::Filed: return "filed";
    case FilingFlow::Step::Refused: return "refused";
  }
  return "reason";
}

std::string_view progress_step_word(ProgressFlow::Step step) noexcept {
  switch (step) {
    case ProgressFlow::Step::Entering: return "entering";
    case ProgressFlow::Step::Invalid: return "invalid";
    case ProgressFlow::Step::Checking: return "checking";
    case ProgressFlow::Step::Shown: return "shown";
    case ProgressFlow::Step::Offline: return "offline";
    case ProgressFlow::Step::Unknown: return "unknown";
    case ProgressFlow::Step::Failed: return "failed";
    case ProgressFlow::Step::Pending: return "pending";
    case ProgressFlow::Step::NotSubmitted: return "not_submitted";
    case ProgressFlow::Step::Paused: return "paused";
  }
  return "entering";
}

}  // namespace sunlight::kiosk
