"""Who may ask, add and delete, from config.access."""
from bot import access
from bot.access import ADD, ASK, DELETE, allows
from bot.texts import AR, EN, refusal
from bot.config import Access

ADMIN, CONTRIBUTOR, ASKER, STRANGER, GROUP = 1, 2, 3, 4, -100777


def test_admins_may_do_everything():
    rules = Access(admins=[ADMIN], contributors=[], askers=[])
    assert all(allows(rules, permission, ADMIN) for permission in (ASK, ADD, DELETE))


def test_contributors_may_add_and_ask_but_not_delete():
    rules = Access(admins=[ADMIN], contributors=[CONTRIBUTOR], askers=[ASKER])
    assert allows(rules, ADD, CONTRIBUTOR) and allows(rules, ASK, CONTRIBUTOR)
    assert not allows(rules, DELETE, CONTRIBUTOR)
    assert allows(rules, ASK, ASKER) and not allows(rules, ADD, ASKER)


def test_askers_may_be_listed_by_chat_so_a_whole_group_can_ask():
    rules = Access(admins=[], contributors=[], askers=[GROUP])
    assert allows(rules, ASK, STRANGER, GROUP)
    assert not allows(rules, ASK, STRANGER, STRANGER)
    assert not allows(rules, ADD, STRANGER, GROUP)


def test_everyone_opens_a_permission_to_all_but_never_deleting():
    rules = Access(admins=[], contributors="everyone", askers="everyone")
    assert allows(rules, ASK, STRANGER) and allows(rules, ADD, STRANGER)
    assert not allows(rules, DELETE, STRANGER)
    assert not access.may_contribute(rules, None)  # an anonymous sender adds nothing


def test_the_default_lets_everyone_ask_and_nobody_add():
    rules = Access()
    assert allows(rules, ASK, STRANGER) and not allows(rules, ADD, STRANGER) and not allows(rules, DELETE, STRANGER)


def test_a_refusal_names_the_user_id_and_the_setting_to_change_in_the_users_language():
    message = refusal(ADD, 987654321, EN)
    assert "not allowed to add articles" in message and "987654321" in message
    assert "access.contributors" in message and "عذرًا" not in message
    assert "access.admins" in refusal(DELETE, 5, EN) and "access.askers" in refusal(ASK, 5, EN)
    arabic = refusal(ADD, 987654321, AR)
    assert arabic.startswith("عذرًا، لا يُسمح لك بإضافة المقالات") and "987654321" in arabic and "access.contributors" in arabic


def test_every_handler_the_bot_registers_checks_its_permission_and_buttons_need_the_right_to_ask():
    from telegram.ext import CallbackQueryHandler, InlineQueryHandler

    from bot.app import build
    from bot.config import Config, Telegram
    from bot.wiring import Core, ingest_queue, read_limits

    config = Config(telegram=Telegram(token="123:abc"))
    app = build(Core(config, library=None, searcher=None, limits=read_limits(config), ingests=ingest_queue(config),
                     workers=None))
    registered = [handler for group in app.handlers.values() for handler in group]
    assert registered and all(hasattr(handler.callback, "permission") for handler in registered)
    buttons = {handler.pattern.pattern: handler.callback.permission for handler in registered
               if isinstance(handler, CallbackQueryHandler)}
    assert buttons == {"^more:": ASK, "^who:": ASK, "^sources:": ASK, "^delete:": DELETE}
    assert [handler.callback.permission for handler in registered if isinstance(handler, InlineQueryHandler)] == [ASK]
