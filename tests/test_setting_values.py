"""Settings as people write them (Chinese numerals and units) and the bounds that keep review working."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drill.cli import cli
from drill.setting_values import parse_setting
from drill.store import Store
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"


def run(*args, db, keys=""):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], input=keys, catch_exceptions=False)


@pytest.mark.parametrize("key, text, value", [
    ("new_per_day", "十", 10),
    ("new_per_day", "二十五", 25),
    ("new_per_day", "２５", 25),
    ("reviews_per_day", "一百二十", 120),
    ("reviews_per_day", "1e3", 1000),
    ("maximum_interval", "三百六十五", 365),
    ("leech_threshold", "八", 8),
    ("rollover_hour", "五", 5),
    ("learning_steps", "1分钟", (60,)),
    ("learning_steps", "1分钟 十分钟 1小时", (60, 600, 3600)),
    ("learning_steps", "1分钟、10分钟、1天", (60, 600, 86400)),
    ("learning_steps", "30秒 2分", (30, 120)),
    ("learning_steps", "1m 10m 1h", (60, 600, 3600)),
    ("learning_steps", "１ｍ　１０ｍ", (60, 600)),
    ("learning_steps", "10", (600,)),  # a bare number is minutes, as in Anki
    ("learning_steps", "", ()),
    ("relearning_steps", "两小时", (7200,)),
    ("desired_retention", "0.85", 0.85),
    ("desired_retention", "90%", 0.9),
    ("desired_retention", "９０％", 0.9),
    ("desired_retention", "百分之九十", 0.9),
    ("fuzz", "关", False),
    ("load_balance", "开", True),
    ("leech_action", "标记", "tag"),
])
def test_settings_read_chinese_numerals_units_and_full_width(key, text, value):
    assert parse_setting(key, text) == value


@pytest.mark.parametrize("key, text, words", [
    ("new_per_day", "99999999999999999999", "from 0 to 100,000"),
    ("new_per_day", "-1", "from 0 to 100,000"),
    ("new_per_day", "2.5", "whole number"),
    ("new_per_day", "十几", "not a number"),
    ("reviews_per_day", "inf", "finite"),
    ("maximum_interval", "1e20", "from 1 to 36,500"),
    ("maximum_interval", "0", "from 1 to 36,500"),
    ("learning_steps", "1e300", "365 days"),
    ("learning_steps", "2920000d", "365 days"),
    ("learning_steps", "inf", "not a step"),
    ("learning_steps", "nan", "not a step"),
    ("learning_steps", "-1m", "positive"),
    ("learning_steps", "1 fortnight", "not a step"),
    ("learning_steps", " ".join(["1m"] * 21), "at most 20 steps"),
    ("desired_retention", "nan", "finite"),
    ("desired_retention", "1e300", "0.5 and 0.99"),
    ("desired_retention", "百分之一百二十", "0.5 and 0.99"),
    ("rollover_hour", "24", "from 0 to 23"),
    ("leech_threshold", "99999999999", "from 0 to 1,000"),
])
def test_values_that_would_break_review_are_refused_with_a_reason(key, text, words):
    from drill.errors import DrillError, InputError

    with pytest.raises(DrillError, match=words) as refused:
        parse_setting(key, text)
    assert isinstance(refused.value, InputError) and isinstance(refused.value, ValueError)
    # located: the problem names the setting, and its message says what is wrong without the CLI's words
    assert [p.field for p in refused.value.problems] == [key]
    assert words in refused.value.reason and "--" not in refused.value.reason and "drill " not in str(refused.value)


@pytest.mark.parametrize("key, text, chinese", [
    ("new_per_day", "十几", "'十几' 不是数字"),
    ("new_per_day", "2.5", "不是整数"),
    ("learning_steps", "-1m", "步长必须大于零"),
    ("learning_steps", "1 fortnight", "不是步长"),
    ("fuzz", "maybe", "请用 on 或 off"),
    ("desired_retention", "1e300", "0.5"),
])
def test_refusals_are_in_the_language_asked_for(key, text, chinese):
    import gettext

    from drill.errors import DrillError

    domain = gettext.textdomain()
    with pytest.raises(DrillError) as english:
        parse_setting(key, text)
    with pytest.raises(DrillError) as translated:
        parse_setting(key, text, language="zh-CN")
    assert chinese in translated.value.reason and translated.value.reason != english.value.reason
    assert str(translated.value).startswith(f"错误：{key}：")
    assert gettext.textdomain() == domain


CASES = [
    ("new_per_day", "99999999999999999999"),
    ("learning_steps", "1e300"),
    ("learning_steps", "2920000d"),
    ("learning_steps", "inf"),
    ("desired_retention", "nan"),
    ("maximum_interval", "99999999999999999999"),
]


def _stored(db):
    with Store(db) as s:
        return (s.conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall(),
                s.conn.execute("SELECT count(*) FROM settings_history").fetchone()[0],
                s.conn.execute("SELECT name, settings FROM presets").fetchall())


@pytest.mark.parametrize("key, text", CASES)
def test_a_refused_setting_stores_nothing_and_review_still_works(tmp_path, key, text):
    db = tmp_path / "s.db"
    run("add", str(MINI), db=db)
    before = _stored(db)
    for args in (("config", key, text), ("preset", "set", "p", key, text)):
        if args[0] == "preset" and key not in ("new_per_day", "learning_steps", "desired_retention",
                                               "maximum_interval"):
            continue
        result = run(*args, db=db)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "nothing was written" in result.output
        assert "<input>" not in result.output
    assert _stored(db) == before
    assert run("review", db=db, keys="\n3\nq\n").exit_code == 0
    assert run("config", db=db).exit_code == 0


def test_negative_values_are_values_not_options(tmp_path):
    db = tmp_path / "s.db"
    for args in (("config", "new_per_day", "-1"), ("preset", "set", "p", "new_per_day", "-1")):
        result = run(*args, db=db)
        assert result.exit_code == 2
        assert "No such option" not in result.output and "from 0 to 100,000" in result.output
    after_dashes = CliRunner().invoke(cli, ["config", "--db", str(db), "--", "new_per_day", "-1"])
    assert after_dashes.exit_code == 2 and "from 0 to 100,000" in after_dashes.output


def test_a_store_poisoned_by_an_older_drill_still_reviews(tmp_path):
    """Values an older drill stored without bounds read as the defaults instead of breaking every review."""
    db = tmp_path / "s.db"
    run("add", str(MINI), db=db)
    with Store(db) as s, s.write() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('new_per_day', '99999999999999999999'),"
                     " ('learning_steps', '[1e300]'), ('reviews_per_day', '5')")
        conn.execute("INSERT INTO presets(name, settings) VALUES ('p', '{\"maximum_interval\": 1e40,"
                     " \"new_per_day\": 3}')")
        conn.execute("INSERT INTO deck_presets(deck, preset) VALUES ('review-mini', 'p')")
    shown = json.loads(run("config", "--json", db=db).output)
    assert shown["new_per_day"] == 20 and shown["learning_steps"] == [60, 600] and shown["reviews_per_day"] == 5
    with Store(db) as s:
        deck = s.settings_for_deck("review-mini")
        assert deck.maximum_interval == 36500 and deck.new_per_day == 3
    result = run("review", db=db, keys="\n3\nq\n")
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_the_library_refuses_out_of_bounds_values_too(tmp_path):
    with Store(tmp_path / "s.db") as s:
        with pytest.raises(ValueError):
            s.set_settings(new_per_day=10**20)
        with pytest.raises(ValueError):
            s.set_preset("p", learning_steps=(10**12,))
        assert s.settings().new_per_day == 20 and s.presets() == {}
