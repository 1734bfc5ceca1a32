"""Breaking the fake Slack as Slack breaks: errors, revoked tokens, late answers."""

from __future__ import annotations

import threading
import time

from bot.clock import Ticker
from bot.sandbox.model import Fault


class FaultMethods:
    """Mixed into FakeSlack, whose state these change."""

    faults: dict[str, list[Fault]]
    hangs: dict[str, list[tuple[float, bool]]]
    revoked: str | None
    ticker: Ticker | None
    lock: threading.RLock

    def fail(
        self,
        method: str,
        error: str = "internal_error",
        *,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
        carried_out: bool = False,
    ) -> None:
        """Make the next `times` calls to `method` answer `error` (status 429 and 5xx
        included). With `carried_out` the call first takes effect (the message is posted),
        as Slack warns for fatal_error and internal_error: "It's possible some aspect of the
        operation succeeded before the error was raised."
        (https://docs.slack.dev/reference/methods/chat.postMessage, errors)."""
        with self.lock:
            fault = Fault(error, status, retry_after, times, carried_out)
            self.faults.setdefault(method, []).append(fault)

    def revoke_token(self, error: str = "token_revoked") -> None:
        """From now on every call answers `error` with HTTP 200 and ok: false, as Slack does
        for a revoked token or an uninstalled app (token_revoked), a deactivated workspace
        or bot (account_inactive) or a token it does not know (invalid_auth); see the
        errors of https://docs.slack.dev/reference/methods/auth.test."""
        with self.lock:
            self.revoked = error

    def restore_token(self) -> None:
        with self.lock:
            self.revoked = None

    def hang(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Carry out the next `times` calls to `method`, but answer only after `seconds` of
        real time (for a client's real timeout)."""
        with self.lock:
            self.hangs.setdefault(method, []).extend([(seconds, True)] * times)

    def slow(self, method: str, seconds: float, *, times: int = 1) -> None:
        """The next `times` calls to `method` take `seconds` on the fake's clock: moved on at
        once when it is virtual, waited out when it is real."""
        with self.lock:
            self.hangs.setdefault(method, []).extend([(seconds, False)] * times)

    def take_hang(self, method: str) -> None:
        """Hold the answer to a call as `hang` or `slow` asked (outside the fake's lock)."""
        with self.lock:
            waits = self.hangs.get(method)
            seconds, real = waits.pop(0) if waits else (0.0, True)
        if seconds <= 0:
            return
        if real or self.ticker is None:
            time.sleep(seconds)
        else:
            self.ticker.sleep_until(self.ticker.monotonic() + seconds)

    def _take_fault(self, method: str) -> Fault | None:
        faults = self.faults.get(method)
        if not faults:
            return None
        fault = faults[0]
        fault.times -= 1
        if fault.times <= 0:
            faults.pop(0)
        return fault
