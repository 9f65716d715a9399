"""Who may do what: admins, contributors and askers from config.access."""
from __future__ import annotations

from bot.config import EVERYONE, Access


def _listed(allowed, *ids: int | None) -> bool:
    return allowed == EVERYONE or any(i is not None and i in allowed for i in ids)


def is_admin(access: Access, user_id: int | None) -> bool:
    """Admins may delete articles, and do everything else."""
    return user_id is not None and user_id in access.admins


def may_contribute(access: Access, user_id: int | None) -> bool:
    """Contributors (and admins) may add articles."""
    return is_admin(access, user_id) or (user_id is not None and _listed(access.contributors, user_id))


def may_ask(access: Access, user_id: int | None, chat_id: int | None) -> bool:
    """Askers are listed by user or by chat; admins and contributors may ask too."""
    return _listed(access.askers, user_id, chat_id) or may_contribute(access, user_id)


ASK, ADD, DELETE = "ask", "add", "delete"
_ACTIONS = {ASK: ("ask questions", "askers"), ADD: ("add articles", "contributors"),
            DELETE: ("delete articles", "admins")}


def allows(access: Access, permission: str, user_id: int | None, chat_id: int | None = None) -> bool:
    """Whether the user (in that chat) has the permission: ASK, ADD or DELETE."""
    if permission == ASK:
        return may_ask(access, user_id, chat_id)
    if permission == ADD:
        return may_contribute(access, user_id)
    return is_admin(access, user_id)


def refusal(permission: str, user_id: int | None) -> str:
    """A refusal that tells the user their id, so that an admin can let them in."""
    action, setting = _ACTIONS[permission]
    return (f"Sorry, you are not allowed to {action}. Your user id is {user_id}: "
            f"an admin can add it to access.{setting}.\n"
            f"عذرًا، لا يُسمح لك بذلك. رقم حسابك {user_id}، ويمكن للمشرف إضافته.")
