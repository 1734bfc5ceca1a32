"""How the transcript names people and conversations."""

from __future__ import annotations

from dataclasses import dataclass

from bot.demo.cast import Cast
from bot.sandbox import BOT_USER, FakeSlack

TANDEM = "Tandem"


@dataclass
class Names:
    fake: FakeSlack
    cast: Cast

    def person(self, user_id: str) -> str:
        if user_id == BOT_USER:
            return TANDEM
        found = next((p for p in self.cast.people if p.id == user_id), None)
        return found.real_name if found else user_id

    def role(self, user_id: str) -> str:
        found = next((p for p in self.cast.people if p.id == user_id), None)
        if found is None:
            return ""
        city = found.tz.split("/")[-1].replace("_", " ")
        return f"{found.role}, {found.title}, {city}"

    def conversation(self, channel_id: str) -> str:
        channel = self.fake.channels.get(channel_id)
        if channel is None:
            return channel_id
        if channel.is_im:
            return f"DM {self.person(channel.user or '')}"
        return f"#{channel.name}"

    def is_dm(self, channel_id: str) -> bool:
        channel = self.fake.channels.get(channel_id)
        return bool(channel and channel.is_im)
