"""drill extract: conversion noise repaired through the listed table, and the reader's screen of drafted facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from drill.extract import extract_deck
from drill.extract.candidates import Citation, DraftedFact
from drill.extract.cleanup import clean, running_headers
from drill.extract.draft import assign_ids
from drill.extract.quality import screen
from drill.extract.substitutions import SUBSTITUTIONS, repair


def draft(tmp_path: Path, text: str):
    path = tmp_path / "handbook.txt"
    path.write_text(text, encoding="utf-8")
    return extract_deck([path])


# noise as a converter prints it → the repaired text (excerpts written for these tests)
REPAIRS = [
    ("营业员应了解顾客地需求", "营业员应了解顾客的需求"),
    ("登记用户地址和电话", "登记用户地址和电话"),  # 地址 is a word: no repair
    ("但凡客户提出的合理要求必须满足", "凡是客户提出的合理要求必须满足"),
    ("新员工须参加岗前培讪", "新员工须参加岗前培训"),
    ("做好营业厅癿卫生", "做好营业厅的卫生"),
    ("引导客户到业务征询区", "引导客户到业务咨询区"),
    ("微笑点头，同步伸出右手", "微笑点头，同时伸出右手"),
    ("数据每日，同步更新到系统", "数据每日，同步更新到系统"),  # 同步更新 is meant
    ("以以便客户为原则", "以方便客户为原则"),
    ("待人接物的行为准那么", "待人接物的行为准则"),
    ("坐下时不得仰靠椅子地背部", "坐下时不得仰靠椅子的背部"),
    ("尊重当地习惯", "尊重当地习惯"),  # 当地 is a word
    ("热情地问候客户", "热情地问候客户"),  # an adverb's 地 before a verb
    # synonym-converter noise shown by the same handbooks printing the right word elsewhere
    ("机器旁应贴有操作环节说明", "机器旁应贴有操作步骤说明"),
    ("向客户简介产品的资费", "向客户介绍产品的资费"),
    ("附：门店简介", "附：门店简介"),  # 简介 as a noun stays
    ("礼貌待客，一直如一", "礼貌待客，始终如一"),
    ("把微笑贯穿服务的一直。", "把微笑贯穿服务的始终。"),
    ("营业员一直保持微笑", "营业员一直保持微笑"),  # an adverb before its verb stays
    ("如有其别人员在场", "如有其他人员在场"),
    ("营业场合禁止吸烟", "营业场所禁止吸烟"),
    ("学会换位思索", "学会换位思考"),
    ("不得简朴地回绝客户", "不得简单地回绝客户"),
    ("向客户阐明原因", "向客户说明原因"),
    ("化装本卷须知：淡妆为宜", "化妆注意事项：淡妆为宜"),
    ("服务类：涉及咨询和受理", "服务类：包括咨询和受理"),
    ("对投诉给予积极地回应", "对投诉给予积极的回应"),
    ("处理结果及时反响给营业部门", "处理结果及时反馈给营业部门"),
    ("向营业部门反响客户意见", "向营业部门反馈客户意见"),
    ("新套餐的市场反响良好", "新套餐的市场反响良好"),  # 反响 as a noun stays
    ("坐姿：座立端正", "坐姿：坐立端正"),
    ("请勿讲“我不管„„”", "请勿讲“我不管……”"),
]


@pytest.mark.parametrize(("noisy", "clean_text"), REPAIRS)
def test_listed_repairs(noisy: str, clean_text: str) -> None:
    text, made = repair(noisy)
    assert text == clean_text
    assert bool(made) == (noisy != clean_text)


def test_every_listed_repair_changes_its_own_pattern_and_says_why() -> None:
    for sub in SUBSTITUTIONS:
        assert sub.wrong != sub.right and sub.why
        assert repair(sub.wrong)[0] == sub.right, sub


def test_a_repair_is_recorded_on_the_fact_it_touches(tmp_path: Path) -> None:
    facts = draft(tmp_path, "营业厅规定\n营业员须在30分钟内回复顾客地咨询。\n").deck["facts"]
    rule = next(f for f in facts if f["kind"] == "rule")
    assert "顾客的咨询" in rule["text"]
    assert "顾客地→顾客的" in rule["source"]


def test_a_running_header_glued_into_the_text_of_every_page_is_removed(tmp_path: Path) -> None:
    rules = ["营业员在柜台内接待客户时应起身相迎", "递接单据和证件时要双手递接", "客户离开时应提醒其带好随身物品",
             "值班经理每日巡视营业厅的环境卫生", "投诉受理后须在规定时限内回复客户", "营业前应检查各类设备是否正常"]
    pages = []
    for n in range(12):
        body = "，".join(rules[(n + k) % len(rules)] for k in range(len(rules))) + "。"
        body = body * 4
        cut = 30 + 17 * n % 90  # the page break falls anywhere in the sentence
        pages.append(body[:cut] + "窗口服务指南" + body[cut:])
    lines = [*pages, "营业员须在10分钟内为排队的客户办理业务。"]
    assert running_headers(lines) == ["窗口服务指南"]
    cleaned = clean(lines)
    assert not any("窗口服务指南" in text for text in cleaned.lines.values())
    assert cleaned.lines[1].startswith(rules[0])


def test_a_phrase_repeated_at_uneven_distances_is_no_running_header() -> None:
    text = "".join(f"营业员须做到首问负责制度。{'其余的说明文字。' * (5 + 7 * (n % 4) + n)}" for n in range(12))
    assert running_headers([text]) == []


def test_a_section_repeated_word_for_word_has_no_running_header() -> None:
    section = "营业员须在10分钟内为排队的客户办理业务，" + "其余的说明文字写在这里。" * 30
    assert running_headers([section] * 12) == []


def test_short_site_notices_and_dates_are_page_furniture(tmp_path: Path) -> None:
    cleaned = clean(["下载相关举报", "2021/5/18", "声明  |  会员权益     获赠5币", "营业员须在10分钟内办理完毕。", "收集客户的留言和反馈",
                     "三方登录：微信登录   QQ登录", "开通会员特权", "验证码：换一换", "营业员守则",
                     "不得侵犯客户隐私，不得泄露客户资料。", "如文档侵犯您的权益，请联系客服反馈，我们会尽快为您处理。",
                     "手机端页面文档仅支持阅读15页，超过15页的文档需使用电脑才能全文阅读。",
                     "该文档总共11页，到这儿已超出免费预览范围，如果喜欢就下载吧！"])
    assert set(cleaned.furniture) == {1, 2, 3, 6, 7, 8, 11, 12, 13}


def test_a_sharing_sites_preview_of_a_file_by_page_is_page_furniture() -> None:
    cleaned = clean(["柜台接待规范.doc", "柜台接待规范.doc_第3页", "第3页 / 共9页", "接待规范.pdf_第12页",
                     "营业员须使用文明用语.doc文件另附。", "柜台接待规范", "营业员应双手递接证件。"])
    assert set(cleaned.furniture) == {1, 2, 3, 4}


@pytest.mark.parametrize(("line", "cleaned"), [
    ("三、限时办结制 必须在承诺时限内办结，不得拖延。", "三、限时办结制：必须在承诺时限内办结，不得拖延。"),
    ("（二）离柜登记 应先放置暂停服务牌。", "（二）离柜登记：应先放置暂停服务牌。"),
    ("三、营业员 热情服务，耐心解答。", "三、营业员热情服务，耐心解答。"),        # no act after the space: noise
    ("营业员 必须耐心解答。", "营业员必须耐心解答。"),                        # no numbered title: noise
])
def test_a_space_after_a_numbered_title_before_what_must_be_done_ends_the_title(line: str, cleaned: str) -> None:
    assert clean([line]).lines[1] == cleaned


def test_a_copy_of_a_slide_broken_off_inside_a_word_gives_no_fact(tmp_path: Path) -> None:
    whole = "女士站姿：身体挺直，抬头、挺胸、收腹，下颌微收，双目平视，两脚并拢，两膝靠紧，双手交叉放于腹前，面带微笑。"
    broken = "女士站姿：身体挺直，抬头、挺胸、收腹，下颌微"
    facts = draft(tmp_path, f"仪态规范\n{whole}\n\n其他要求\n{broken}\n").deck["facts"]
    assert not [f for f in facts if f["kind"] == "list" and f["items"][-1] == "下颌微"], facts
    assert [f for f in facts if "下颌微收" in str(f)], facts  # the whole copy's facts stay


def test_phrases_joined_by_slashes_stay_one_sentence_and_are_each_forbidden(tmp_path: Path) -> None:
    facts = draft(tmp_path, "电话服务要求\n1、回访服务：如：这事我管不了……/ 你怎么还不明白？说几遍了？ 找别人去吧？"
                            "/ 你听清楚了没有？ 禁止使用方言土语等：如：晓得、要得、莫得。\n").deck["facts"]
    phrases = {f["phrase"] for f in facts if f["kind"] == "prohibited_phrase"}
    assert phrases == {"这事我管不了……", "你怎么还不明白？说几遍了？", "找别人去吧？", "你听清楚了没有？"}


@pytest.mark.parametrize(("headings", "topic"), [
    ("二、回访服务用语\n", "服务禁语"),                       # a heading of phrases to say: not their topic
    ("服务禁用语\n二、回访服务用语\n", "服务禁用语"),       # the nearest heading that names a prohibition
    ("二、电话服务要求\n", "电话服务要求"),                   # a neutral heading stays
])
def test_a_phrase_not_to_say_never_takes_a_heading_of_phrases_to_say(tmp_path: Path, headings: str, topic: str) -> None:
    facts = draft(tmp_path, headings + "1、回访服务：如：这事我管不了……/ 你听清楚了没有？ 禁止使用方言土语等：如：晓得、要得。\n"
                  ).deck["facts"]
    topics = {f.get("topic") for f in facts if f["kind"] == "prohibited_phrase"}
    assert topics == {topic}, facts


def test_a_fact_that_repeats_another_word_for_word_is_drafted_once() -> None:
    cite = Citation("h.txt", ("服务禁语",), 3, 3, "…")
    facts = [DraftedFact("prohibited_phrase", {"phrase": "这事不归我管？"}, cite, identity="prohibited_phrase|这事不归我管？"),
             DraftedFact("prohibited_phrase", {"phrase": "这事不归我管"}, cite, identity="prohibited_phrase|这事不归我管"),
             DraftedFact("rule", {"text": "须在{{24小时}}内答复"}, cite, identity="rule|a"),
             DraftedFact("rule", {"text": "须在24小时内{{答复}}"}, cite, identity="rule|b"),
             DraftedFact("rule", {"text": "须在{{24小时}}内答复。"}, cite, identity="rule|c")]
    kept = [f.fields for _, f in assign_ids(facts)]
    assert kept == [{"phrase": "这事不归我管？"}, {"text": "须在{{24小时}}内答复"}, {"text": "须在24小时内{{答复}}"}]


def test_phrases_joined_by_slashes_without_a_prohibition_are_no_forbidden_phrases(tmp_path: Path) -> None:
    facts = draft(tmp_path, "电话服务要求\n1、回访服务：如：您好，请问是王先生吗？/ 打扰您了，耽误您一分钟可以吗？\n"
                            "营业员应主动询问客户需求。\n").deck["facts"]
    assert not [f for f in facts if f["kind"] == "prohibited_phrase"]


def test_a_statement_pointing_back_takes_the_term_defined_before_it_as_topic(tmp_path: Path) -> None:
    facts = draft(tmp_path, "（1）营销提醒类短信：指通过统一端口向客户发送的优惠到期和套餐变更提醒。"
                            "此类短信的发送时间应在每日9时至20时之间。\n").deck["facts"]
    rules = [f for f in facts if f["kind"] == "rule" and "此类短信" in f["text"]]
    assert rules and all(f["topic"] == "营销提醒类短信" for f in rules), facts


def test_a_statement_pointing_back_to_no_definition_is_left_out(tmp_path: Path) -> None:
    facts = draft(tmp_path, "（1）营销提醒类短信通过统一端口发送。此类短信的发送时间应在每日9时至20时之间。\n").deck["facts"]
    assert not [f for f in facts if f["kind"] == "rule" and "此类短信" in f["text"]], facts


def test_numbered_items_separated_only_by_spaces_are_items(tmp_path: Path) -> None:
    facts = draft(tmp_path, "投诉升级的原因有哪些：\n一、等待过久 二、推诿扯皮 三、答复含糊 四、态度冷淡\n").deck["facts"]
    lists = [f for f in facts if f["kind"] == "list"]
    assert [f["items"] for f in lists] == [["等待过久", "推诿扯皮", "答复含糊", "态度冷淡"]], facts


def test_a_list_number_after_a_colon_and_a_space_still_opens_an_item() -> None:
    from drill.extract.structure import structure

    blocks = structure(clean(["接待礼节： 1、问候在先，微笑相迎。"]).paragraphs)
    assert [(b.marker, b.text) for b in blocks] == [(None, "接待礼节："), ("1、", "问候在先，微笑相迎。")]


def test_numbered_situations_under_a_heading_of_banned_phrases_are_no_banned_phrases(tmp_path: Path) -> None:
    facts = draft(tmp_path, "服务忌语\n1、你自己去问吧！ 2、这不归我管。 3、客户催办业务时 4、营业结束时\n").deck["facts"]
    phrases = {f["phrase"] for f in facts if f["kind"] == "prohibited_phrase"}
    assert phrases == {"你自己去问吧", "这不归我管"}, phrases


@pytest.mark.parametrize(("line", "title", "body"), [
    ("（一）柜台分区要求柜台分区应清晰，标识醒目。", "柜台分区要求", "柜台分区应清晰，标识醒目。"),
    ("（二）比同行更懂产品我们要熟悉每一款套餐的资费。", "比同行更懂产品", "我们要熟悉每一款套餐的资费。"),
])
def test_a_numbered_title_glued_to_its_text_becomes_its_heading(line: str, title: str, body: str) -> None:
    from drill.extract.structure import structure

    blocks = structure(clean(["（零）前言", line]).paragraphs)
    head, rest = blocks[-2], blocks[-1]
    assert (head.text, head.is_heading) == (title, True)
    assert rest.text == body and rest.headings[-1] == title


def test_a_numbered_statement_whose_words_do_not_repeat_keeps_its_text() -> None:
    from drill.extract.structure import structure

    blocks = structure(clean(["（一）客户的意见是改进服务最好的依据。"]).paragraphs)
    assert [b.text for b in blocks] == ["客户的意见是改进服务最好的依据。"]


def test_a_definition_ends_before_the_clause_that_announces_a_list(tmp_path: Path) -> None:
    facts = draft(tmp_path, "推广短信是指商家推介新业务的短信，不包括下列两类短信：账单提醒：指每月发送的账单。\n").deck["facts"]
    terms = [f for f in facts if f["kind"] == "term" and f["term"] == "推广短信"]
    assert [t["definition"] for t in terms] == ["商家推介新业务的短信"], facts


def test_a_numbered_item_after_a_comma_is_cut_from_the_item_before(tmp_path: Path) -> None:
    facts = draft(tmp_path, "乘梯礼仪\n1、乘坐电梯：先出后进，2、使用扶梯：应靠右站立，让出左侧通道。\n").deck["facts"]
    rule = next(f for f in facts if f["kind"] == "rule")
    assert "乘坐电梯" not in rule["text"] and "靠右站立" in rule["text"]


def expect(reason: str | None, why: str | None) -> None:
    """``reason`` is None where a reader keeps the fact (``why`` None), else it names the flaw (holds ``why``)."""
    if why is None:
        assert reason is None
    else:
        assert reason is not None and why in reason, reason


def fact(kind: str, fields: dict, quote: str, headings: tuple[str, ...] = ("服务规范",), topic: str | None = None
         ) -> DraftedFact:
    return DraftedFact(kind, fields, Citation("h.txt", headings, 1, 1, quote), topic=topic)


# (fact, the reason's words, or None for a fact a reader keeps) — excerpts written for these tests
SCREEN = [
    (fact("rule", {"text": "营业员接待客户时须{{起身相迎}}。"}, "营业员接待客户时须起身相迎。"), None),
    # a fragment: the second half of 既…又…, a clause without its subject, a line broken off
    (fact("rule", {"text": "耐心解答，又要{{坚持原则}}"}, "营业员既要热情服务，耐心解答，又要坚持原则。"), "paired"),
    (fact("rule", {"text": "主动问候，又要{{保持距离}}"}, "主动问候，又要保持距离；"), "paired"),
    (fact("rule", {"text": "既要主动问候，又要{{保持距离}}"}, "既要主动问候，又要保持距离；"), None),
    (fact("rule", {"text": "下班前应提前{{1015分钟}}停止叫号。"}, "下班前应提前1015分钟停止叫号。"), "range lost"),
    (fact("rule", {"text": "通话时间应控制在{{1200秒}}以内。"}, "通话时间应控制在1200秒以内。"), None),
    (fact("script", {"situation": "”如果是找经理的电话时", "response": "请稍等"}, "“您好。”如果是找经理的电话时，应说：“请稍等”"),
     "closing mark"),
    (fact("rule", {"text": "在{{交接登记表}}上签字。"}, "并在交接登记表上签字。"), "joins it"),
    # the end of a word whose start stayed on the page before (「…双手自然下 / 垂，目视前方…」)
    (fact("rule", {"text": "垂，目视前方，双脚并拢于{{脚跟处}}。"}, "垂，目视前方，双脚并拢于脚跟处。"), "broken at a page"),
    (fact("rule", {"text": "会上，店长须{{通报当日指标}}。"}, "会上，店长须通报当日指标。"), None),
    (fact("rule", {"text": "及时{{回复}}客户的留言。"}, "及时回复客户的留言。"), None),
    (fact("list", {"name": "与客户交谈", "items": ["语气平和", "用词准确", "耐心倾听"]}, "与客户交谈应语气平和，用词准确，耐心倾听。"), None),
    (fact("rule", {"text": "单据仅发送至{{市场部）}}"}, "单据（仅发送至市场部）"), "bracket"),
    (fact("rule", {"text": "对方案的推进方式进行{{调整}}。"}, "对方案的推进方式进行调整。"), "many words"),
    (fact("rule", {"text": "余额将在次月日转至{{指定号码}}。"}, "余额将在次月日转至指定号码。"), "day of the month"),
    (fact("rule", {"text": "余额将转至{{该帐户}}。"}, "余额将转至该帐户。"), "points at words"),
    (fact("rule", {"text": "推荐产品时应向客户{{说明的内容}}"}, "推荐产品时应向客户说明的内容，"), "goes on after a comma"),
    (fact("rule", {"text": "敲门后应{{退后一步}}"}, "敲门后应退后一步，"), None),
    (fact("rule", {"text": "资料共分八章，其中“{{服务篇}}”收录了"}, "资料共分八章，其中“服务篇”收录了，"), "goes on after a comma"),
    (fact("rule", {"text": "其中，{{投诉处理}}由值班经理负责。"}, "其中，投诉处理由值班经理负责。", headings=("2",)), "no heading"),
    (fact("list", {"name": "内容", "items": ["产品名称", "资费标准", "办理方式"]}, "推荐时应说明的内容，包括产品名称、资费标准、办理方式。"),
     "says nothing"),
    (fact("rule", {"text": "接电话：在铃响{{三声内}}接听电话"}, "接电话：在铃响三声内接听电话，"), None),
    (fact("rule", {"text": "是自有物业或租期不少于{{3年}}的商铺"}, "是自有物业或租期不少于3年的商铺；"), "joins it"),
    (fact("rule", {"text": "客户也不只要求{{办理业务}}，还要享受服务"}, "客户也不只要求办理业务，还要享受服务"), "joins it"),
    (fact("prohibited_phrase", {"phrase": "我也没办法"}, "也不能说“我也没办法”"), None),
    (fact("rule", {"text": "并{{及时回访}}客户"}, "投诉处理完毕后并及时回访客户"), "joins it"),
    (fact("rule", {"text": "认真受理每一件投诉，并确保在{{24小时内}}答复"},
          "值班经理是投诉处理的第一责任人，认真受理每一件投诉，并确保在24小时内答复。"), "subject stands before"),
    (fact("list", {"name": "站姿", "items": ["抬头", "挺胸", "收腹"]}, "站姿：抬头、挺胸、收腹。"), None),
    (fact("list", {"name": "坐姿", "items": ["上身挺直", "双腿并拢", "双手放在"]}, "坐姿：上身挺直，双腿并拢，双手放在"),
     "broken off"),
    # a run-in heading, two items glued, marks lost
    (fact("rule", {"text": "六服务承诺兑现加强员工考核对于检查问题需{{及时整改}}"}, "六服务承诺兑现加强员工考核对于检查问题需及时整改"),
     "run-in heading"),
    (fact("rule", {"text": "对检查发现的问题需{{及时整改}}"}, "七服务检查常态化，对检查发现的问题需及时整改"), "run-in heading"),
    (fact("rule", {"text": "诚信原则在服务中要{{言行一致}}。"}, "诚信原则在服务中要言行一致。"), "run-in heading"),
    (fact("rule", {"text": "诚信原则：在服务中要{{言行一致}}。"}, "诚信原则：在服务中要言行一致。"), None),
    (fact("rule", {"text": "迎送客户用语{{三句}}：欢迎光临！"}, "迎送客户用语三句：欢迎光临！"), "first of the phrases"),
    (fact("rule", {"text": "乘电梯先出后进，3、乘扶梯应{{靠右站立}}。"}, "乘电梯先出后进，3、乘扶梯应靠右站立。"), "run-in list"),
    (fact("rule", {"text": "营业员应在接到工单后按照流程规定的要求及时联系客户并上门处理故障{{2小时内}}回复"},
          "营业员应在接到工单后按照流程规定的要求及时联系客户并上门处理故障2小时内回复"), "without punctuation"),
    (fact("rule", {"text": "确保第时间{{响应}}客户诉求"}, "确保第时间响应客户诉求"), "after 第"),
    # slide filler
    (fact("list", {"name": "第四讲：投诉处理", "items": ["倾听", "致歉", "解决"]}, "第四讲：投诉处理 倾听、致歉、解决"), "outline"),
    (fact("rule", {"text": "例：柜员必须{{双手递接}}单据。"}, "例：柜员必须双手递接单据。"), "example"),
    (fact("list", {"name": "谢谢", "items": ["服务热线", "网上营业厅", "掌上营业厅"]}, "服务热线、网上营业厅、掌上营业厅"),
     "slide title"),
    (fact("rule", {"text": "投资周期长，需要{{长期合作}}"}, "投资周期长，需要长期合作", headings=("课堂剪影",)), "slide title"),
    (fact("rule", {"text": "优秀的客户经理应具备{{沟通能力}}。"}, "优秀的客户经理应具备沟通能力。", headings=("课堂剪影", "客户经理素质")),
     None),
    (fact("list", {"name": "退费的范围界定退费的业务", "items": ["话费", "押金", "预存款"]}, "退费的范围界定退费的业务包括：话费、押金、预存款。"),
     "garbled name"),
    (fact("list", {"name": "需要建立的制度", "items": ["值班制度", "交接制度", "巡检制度"]}, "需要建立的制度包括值班制度、交接制度、巡检制度。"),
     None),
    (fact("rule", {"text": "接过单据后仔细核对{{一遍}}。"}, "接过单据后仔细核对一遍。"), "many words"),
    (fact("script", {"situation": "道别用语", "response": "好的，再见"}, "（送客户到门口）“好的，再见”", headings=("道别用语",)),
     "only the heading"),
    (fact("script", {"situation": "客户离开时", "response": "请慢走，欢迎再来"}, "客户离开时应说“请慢走，欢迎再来”",
          headings=("道别用语",)), None),
    (fact("script", {"situation": "接电话时，应在铃响三声内接听，并主动", "response": "您好，很高兴为您服务"},
          "接电话时，应在铃响三声内接听，并主动问候：“您好，很高兴为您服务”"), "situation breaks off"),
    (fact("rule", {"text": "对客户的咨询要{{当场解答}}。"}, "在第时间内对客户的咨询要当场解答。"), "after 第"),
    (fact("rule", {"text": "营业员应{{以身作则}}，自觉遵守和执行。"}, "营业员应以身作则，自觉遵守和执行。"), "遵守和执行 what"),
    (fact("rule", {"text": "员工应熟读本守则并{{共同执行}}。"}, "员工应熟读本守则并共同执行。"), None),
    (fact("list", {"name": "合作伙伴", "items": ["投资银行", "咨询公司", "律师事务所"]}, "投资银行、咨询公司、律师事务所"),
     "announces no list"),
    (fact("list", {"name": "服务规范内容", "items": ["形象规范", "行为规范", "用语规范"]}, "形象规范、行为规范、用语规范"), None),
    # context: a pointer to earlier text, no subject and no usable heading
    (fact("rule", {"text": "做不到前两条的必须{{逐级上报}}。"}, "做不到前两条的必须逐级上报。"), "points at"),
    (fact("rule", {"text": "必须在{{三日内}}答复。"}, "必须在三日内答复。", headings=("3",)), "no heading"),
    (fact("rule", {"text": "禁止{{泄露客户资料}}。"}, "禁止泄露客户资料。", headings=("3",)), None),
    (fact("rule", {"text": "凡是客户要求的必须{{满足}}；凡是方便客户的必须{{提供}}；做不到前两条的必须{{逐级上报}}。"},
          "凡是客户要求的必须满足；凡是方便客户的必须提供；做不到前两条的必须逐级上报。"), None),
    (fact("rule", {"text": "各级经理都必须{{建立相应的制度}}。"}, "各级经理都必须建立相应的制度。"), "many words"),
    # bad blanks: given away by the sentence or its topic, or a word that fits anywhere
    (fact("rule", {"text": "不得{{随意翻动客户物品}}：上门时不得翻动客户的物品。"}, "不得随意翻动客户物品：上门时不得翻动客户的物品。"),
     "repeats"),
    (fact("rule", {"text": "营业员对每位客户都必须{{牢牢记住}}。"}, "营业员对每位客户都必须牢牢记住。"), "many words"),
    (fact("rule", {"text": "营业员应于{{当日}}办结退费申请。"}, "营业员应于当日办结退费申请。"), None),
    # lists a reader cannot fairly recall
    (fact("list", {"name": "着装", "items": ["衬衫干净平整，领口袖口无污渍", "皮鞋光亮"]}, "着装：衬衫干净平整，领口袖口无污渍；皮鞋光亮"),
     "unfair"),
    (fact("rule", {"text": "各岗位均须{{达到本章要求}}。"}, "各岗位均须达到本章要求。"), "points at"),
    (fact("list", {"name": "服饰", "items": ["穿着统一工装", "佩戴工号牌", "皮鞋保持干净光亮"]}, "穿着统一工装，佩戴工号牌，皮鞋保持干净光亮。"),
     "cut at its commas"),
    (fact("list", {"name": "语音", "items": ["语调柔和", "吐字清晰", "音量适中"]}, "语调柔和，吐字清晰，音量适中。"), None),
    (fact("list", {"name": "大客户", "items": ["合作层次多", "决策周期长"]}, "大客户 •合作层次多，个人难以左右 •决策周期长"),
     "bullet cut"),
    (fact("list", {"name": "大客户", "items": ["合作层次多", "决策周期长"]}, "大客户 •合作层次多 •决策周期长"), None),
    (fact("term", {"term": "集团客户", "definition": "签订协议的政企集团客户"}, "集团客户是指签订协议的政企集团客户。"),
     "definition holds"),
    (fact("list", {"name": "公司的产品", "items": ["交换机", "路由器", "网管软件"]}, "公司的产品包括交换机、路由器、网管软件。",
          headings=("案例：某科技公司",)), "case or example"),
    (fact("list", {"name": "主动服务", "items": ["主动服务客户", "礼貌待客", "耐心解答"]}, "主动服务：主动服务客户、礼貌待客、耐心解答"),
     "repeats the list"),
]


# what a reader cannot fairly be asked, and a window's ends: the cited line is given (fact, line, line after, reason)
SCREEN_WITH_LINE = [
    # the sentence goes on with the cited clause's own predicate, main clause or condition: cut
    (fact("rule", {"text": "门店物业必须{{为公司自有}}"}, "门店物业必须为公司自有，"),
     "门店物业必须为公司自有，是租期不少于5年的商铺。", "", "goes on"),
    (fact("rule", {"text": "客户提出续约等{{诉求}}"}, "客户提出续约等诉求，"), "客户提出续约等诉求，应主动受理。", "", "goes on"),
    (fact("rule", {"text": "接待时应{{做出详细说明}}"}, "接待时应做出详细说明，"), "接待时应做出详细说明，假如客户追问，应耐心解答。", "",
     "goes on"),
    # a further act or a new clause with its own act: the cited clause is whole
    (fact("rule", {"text": "在铃响{{三声内}}接听"}, "在铃响三声内接听，"), "在铃响三声内接听，并主动问好。", "", None),
    (fact("rule", {"text": "上岗前须{{佩戴工牌}}"}, "上岗前须佩戴工牌，"), "上岗前须佩戴工牌，交班时须签字确认。", "", None),
    # a colon announces what the quote leaves out
    (fact("rule", {"text": "办完业务时应{{主动询问}}"}, "办完业务时应主动询问："), "办完业务时应主动询问：", "“还需要别的帮助吗？”", "goes on"),
    # a window cut after a comma: its act belongs to a subject before it
    (fact("rule", {"text": "应经公告告知客户，同时向{{主管部门}}报备。"}, "应经公告告知客户，同时向主管部门报备。"),
     "资费调整的，应经公告告知客户，同时向主管部门报备。", "", "subject stands before"),
    (fact("rule", {"text": "将{{暂停服务牌}}放于台前。"}, "将暂停服务牌放于台前。"), "下班时，将暂停服务牌放于台前。", "",
     "subject stands before"),
    (fact("rule", {"text": "营业员下班时应将{{暂停服务牌}}放于台前。"}, "营业员下班时应将暂停服务牌放于台前。"),
     "营业员下班时应将暂停服务牌放于台前。", "", None),
    # a word broken at a line end: the next line completes the last item
    (fact("list", {"name": "坐姿", "items": ["上身挺直", "双腿并拢", "双手微"]}, "坐姿：上身挺直，双腿并拢，双手微"),
     "坐姿：上身挺直，双腿并拢，双手微", "握，目视前方。", "broken off"),
    (fact("list", {"name": "坐姿", "items": ["上身挺直", "双腿并拢", "双手相握"]}, "坐姿：上身挺直，双腿并拢，双手相握"),
     "坐姿：上身挺直，双腿并拢，双手相握", "行姿：步幅适中。", None),
    # an aside a proverb's label introduces: filler; the label is no topic
    (fact("rule", {"text": "每个人都渴望{{被人理解}}。"}, "每个人都渴望被人理解。"), "常言道：将心比心。每个人都渴望被人理解。", "",
     "case or example"),
]

# reasons found in the fact alone (fact, reason)
UNFAIR = [
    (fact("script", {"situation": "回访客户时", "response": "您反映的××问题已处理"}, "回访客户时：“您反映的××问题已处理”"),
     "placeholder"),
    (fact("rule", {"text": "在约定的XX时间{{准时上门}}。"}, "在约定的XX时间准时上门。"), "placeholder"),
    (fact("term", {"term": "限时办结", "definition": "门店受理的每一项业务，" + "都须在规定的时限内完成，并告知客户办理的结果，" * 4},
          "限时办结是指门店受理的每一项业务，" + "都须在规定的时限内完成，并告知客户办理的结果，" * 4 + "。"), "characters to recall"),
    (fact("term", {"term": "首问负责制", "definition": "一项重要的服务承诺"},
          "首问负责制是一项重要的服务承诺，主要指第一个接待客户的员工负责到底。"), "only the kind"),
    (fact("term", {"term": "礼貌", "definition": "言语谦虚恭敬的表现"}, "礼貌是言语谦虚恭敬的表现，具体表现为：问候、致谢。"), None),
    (fact("term", {"term": "服务公约", "definition": "为了规范服务行为，提升客户满意度，而推出的一项准则"},
          "服务公约是为了规范服务行为，提升客户满意度，而推出的一项准则。"), "purpose"),
    (fact("list", {"name": "客户资料", "items": [f"第{n}项资料" for n in "一二三四五六七八"]},
          "客户资料包括：" + "、".join(f"第{n}项资料" for n in "一二三四五六七八") + "。"), "8 items"),
    (fact("list", {"name": "客户资料", "items": [f"第{n}项资料" for n in "一二三四五六七"]},
          "客户资料包括：" + "、".join(f"第{n}项资料" for n in "一二三四五六七") + "。"), None),
    (fact("list", {"name": "用户的权利", "items": ["退订", "补卡", "过户"]}, "营业员应熟悉用户的权利，如退订、补卡、过户等事项。"),
     "only examples"),
    (fact("list", {"name": "禁止使用语气词", "items": ["哦", "哈", "嘛"]}, "禁止使用语气词等：如：哦、哈、嘛……"), "only examples"),
    (fact("list", {"name": "用户的权利", "items": ["退订", "补卡", "过户"]}, "用户的权利包括退订、补卡、过户等。"), None),
    (fact("list", {"name": "适度", "items": ["感情适度", "举止适度", "谈吐适度"]}, "适度即掌握感情适度、举止适度、谈吐适度。"),
     "every item repeats"),
    # a wrong split: an end item carrying words of the sentence, an item running over the list's close
    (fact("list", {"name": "品牌形象", "items": ["着装", "言谈", "举止留给客户印象"]}, "品牌形象通过着装、言谈、举止留给客户印象，这个印象很重要。"),
     "end of the list"),
    (fact("list", {"name": "客户确认", "items": ["客户签署纸质协议", "短信", "网站"]}, "客户确认指客户签署纸质协议、短信、网站等方式。"),
     "end of the list"),
    (fact("list", {"name": "坐姿", "items": ["上身挺直", "面对客户", "不得仰靠椅子的背部"]}, "坐姿：上身挺直，面对客户，不得仰靠椅子的背部。"),
     None),
    (fact("list", {"name": "合作商", "items": ["代理商", "物流商", "网络系统等设备商"]}, "合作商包括代理商、物流商、网络系统等设备商。"),
     "runs over the close"),
    # blanks across words; glued section numbers; stray marks; a course or talk speaking of itself
    (fact("rule", {"text": "遇到难题应向{{主管进行}}请示。"}, "遇到难题应向主管进行请示。"), "across words"),
    (fact("rule", {"text": "完工后应递上{{验收单请客户签字}}。"}, "完工后应递上验收单请客户签字。"), "across words"),
    (fact("rule", {"text": "完工后应{{提交申请}}。"}, "完工后应提交申请。"), None),
    (fact("rule", {"text": "概述2.1服务理念服务是门店的{{立身之本}}。"}, "概述2.1服务理念服务是门店的立身之本。"), "section number"),
    (fact("rule", {"text": "离柜时须放置{{2.5米}}高的提示牌。"}, "离柜时须放置2.5米高的提示牌。"), None),
    (fact("rule", {"text": "提供客户信息的行为：、客户本人凭证件{{查询}}的"}, "提供客户信息的行为：、客户本人凭证件查询的"), "stray marks"),
    (fact("rule", {"text": "本课的第3章“{{客户关系维护}}”讲述了回访方法。"}, "本课的第3章“客户关系维护”讲述了回访方法。"), "course"),
    (fact("rule", {"text": "希望各位店员熟读本手册，践行“{{以客为尊}}”的理念。"}, "希望各位店员熟读本手册，践行“以客为尊”的理念。"), "course"),
    (fact("rule", {"text": "手册以“{{活页夹}}”形式装订，便于随时补充。"}, "手册以“活页夹”形式装订，便于随时补充。"), "course"),
    (fact("rule", {"text": "营业员须将服务手册放在{{柜台抽屉}}内。"}, "营业员须将服务手册放在柜台抽屉内。"), None),
    (fact("rule", {"text": "每个人都渴望{{被人理解}}。"}, "每个人都渴望被人理解。", headings=("服务心理", "常言道")), "case or example"),
    (fact("rule", {"text": "每个人都渴望{{被人理解}}。"}, "每个人都渴望被人理解。"), None),
    (fact("rule", {"text": "作为门店的一员，你们肩负着{{重要的职责}}。"}, "作为门店的一员，你们肩负着重要的职责。"), "talk"),
    (fact("rule", {"text": "收，双目平视，双手{{自然下垂}}。"}, "收，双目平视，双手自然下垂。"), "broken at a page"),
    (fact("category", {"name": "服务原则", "members": [{"name": "亲和原则", "description": "热情待客"},
                                                     {"name": "主动原则", "description": "在服务过程中"}]},
          "服务原则 亲和原则：热情待客。主动原则：在服务过程中"), "description breaks off"),
    (fact("script", {"situation": "得到答复后", "response": "好的，谢谢"}, "如果不能马上上门，与客户约定时间，得到答复后“好的，谢谢”"),
     "longer condition"),
    (fact("script", {"situation": "客户离开时", "response": "请慢走"}, "客户离开时“请慢走”"), None),
    # a definition that says only who made it and its kind; a genus-and-difference one is kept
    (fact("term", {"term": "四项服务承诺", "definition": "公司根据本地情况专门制定的服务承诺"},
          "“四项服务承诺”是公司根据本地情况专门制定的服务承诺，其目的是提升满意度。"), "who made it"),
    (fact("term", {"term": "营销短信", "definition": "向客户推荐产品和优惠的短信"}, "营销短信是指向客户推荐产品和优惠的短信。"), None),
    # a list's name that does not say what its items are: a clause of its own, or 每/各 …
    (fact("list", {"name": "规范门店形象", "items": ["店员着装", "工牌", "门头"]}, "规范门店形象，店员着装、工牌及门头等按统一标准执行。"),
     "does not say what the items are"),
    (fact("sequence", {"name": "每类店长", "steps": ["高级店长", "中级店长", "初级店长"]},
          "店长分为三类，每类店长中分高级店长、中级店长、初级店长三级。"), "does not say what the items are"),
    (fact("list", {"name": "门店形象", "items": ["店员着装", "工牌", "门头"]}, "门店形象包括店员着装、工牌、门头。"), None),
    # a bullet naming a principle only, and 既要…又… with no subject and no heading
    (fact("rule", {"text": "以{{客户满意}}为宗旨"}, "以客户满意为宗旨"), "bullet"),
    (fact("rule", {"text": "门店以{{客户满意}}为宗旨。"}, "门店以客户满意为宗旨。"), None),
    (fact("rule", {"text": "既要{{礼貌周到}}，又不能{{卑躬屈膝}}"}, "既要礼貌周到，又不能卑躬屈膝", headings=()), "no subject"),
    # a category of more members than a reader is fairly asked to recall
    (fact("category", {"name": "门店守则", "members": [{"name": f"第{n}条", "description": "热情待客"} for n in "一二三四五六七八"]},
          "门店守则 " + " ".join(f"第{n}条 热情待客。" for n in "一二三四五六七八")), "8 items"),
    # a member's description cut at a 「；」 with more of it after; one that ends where the next member opens is whole
    (fact("category", {"name": "上门服务", "members": [{"name": "敲门", "description": "敲门力度以客户听见为宜"},
                                                     {"name": "换鞋", "description": "进门前穿好鞋套"}]},
          "上门服务 ➢敲门：敲门力度以客户听见为宜；按门铃不宜超过2秒 ➢换鞋：进门前穿好鞋套"), "description breaks off"),
    (fact("category", {"name": "上门服务", "members": [{"name": "敲门", "description": "敲门力度以客户听见为宜"},
                                                     {"name": "换鞋", "description": "进门前穿好鞋套"}]},
          "上门服务 ➢敲门：敲门力度以客户听见为宜 ➢换鞋：进门前穿好鞋套。"), None),
]


@pytest.mark.parametrize(("drafted", "line", "after", "why"), SCREEN_WITH_LINE, ids=[f"{i}" for i in range(len(SCREEN_WITH_LINE))])
def test_screen_reads_the_cited_line_for_where_a_window_was_cut(drafted: DraftedFact, line: str, after: str,
                                                                 why: str | None) -> None:
    reason = screen(drafted, line, after)
    expect(reason, why)


@pytest.mark.parametrize(("drafted", "why"), UNFAIR, ids=[f"{i}" for i in range(len(UNFAIR))])
def test_screen_leaves_out_what_a_reader_cannot_fairly_answer(drafted: DraftedFact, why: str | None) -> None:
    reason = screen(drafted)
    expect(reason, why)


@pytest.mark.parametrize(("headings", "topic"), [
    (("乘梯礼仪", "图3门口有乱停车辆现象"), None),   # a picture's caption is no topic
    (("图3门口有乱停车辆现象",), None),
    (("乘梯礼仪", "自动扶梯"), "自动扶梯"),
])
def test_a_pictures_caption_is_no_topic(headings: tuple[str, ...], topic: str | None) -> None:
    drafted = fact("rule", {"text": "乘自动扶梯时应{{靠右侧站立}}。"}, "乘自动扶梯时应靠右侧站立。", headings=headings,
                   topic=headings[-1])
    assert screen(drafted) is None
    assert drafted.topic == topic
    subjectless = fact("rule", {"text": "应{{靠右侧站立}}。"}, "应靠右侧站立。", headings=headings, topic=headings[-1])
    assert (screen(subjectless) is None) == (topic is not None)  # without a usable heading: left out


def test_a_forewords_first_clause_about_the_handbook_is_cut_from_the_rule_after_it() -> None:
    drafted = fact("rule", {"text": "我建议各位熟读本手册，全体店员要用行动践行“{{以客为尊}}”的服务理念。"},
                   "我建议各位熟读本手册，全体店员要用行动践行“以客为尊”的服务理念。")
    assert screen(drafted) is None
    assert drafted.fields["text"] == "全体店员要用行动践行“{{以客为尊}}”的服务理念。"
    assert drafted.citation.quote == "全体店员要用行动践行“以客为尊”的服务理念。"
    whole = fact("rule", {"text": "希望各位店员熟读本手册，践行“{{以客为尊}}”。"}, "希望各位店员熟读本手册，践行“以客为尊”。")
    assert screen(whole) is not None  # what is left after the clause is too short to stand alone


def test_the_closing_word_after_等_is_no_part_of_the_last_item() -> None:
    drafted = fact("list", {"name": "协作流程", "items": ["任务分配", "进度把控", "质量检测等环节"]},
                   "协作流程包括任务分配、进度把控、质量检测等环节。")
    assert screen(drafted) is None
    assert drafted.fields["items"] == ["任务分配", "进度把控", "质量检测"]


def test_open_example_lists_are_left_out_and_reported(tmp_path: Path) -> None:
    result = draft(tmp_path, "服务用语\n\n禁止使用不耐烦的口头语等：如：随便、不知道、没办法、找别人。\n\n"
                             "营业员应熟悉顾客的权利，如退订、补卡、过户等事项。\n")
    assert not [f for f in result.deck["facts"] if f["kind"] == "list"]
    assert sum("examples" in x.reason for x in result.left_out) == 2, [x.reason for x in result.left_out]


@pytest.mark.parametrize(("drafted", "why"), SCREEN, ids=[f"{i}" for i in range(len(SCREEN))])
def test_screen_keeps_fair_facts_and_names_the_flaw_of_others(drafted: DraftedFact, why: str | None) -> None:
    reason = screen(drafted)
    expect(reason, why)


def test_a_giveaway_blank_loses_its_braces_when_the_rule_has_a_good_one() -> None:
    drafted = fact("rule", {"text": "不得{{随意翻动客户物品}}：上门时不得翻动客户的物品，离开前应{{关好房门}}。"},
                   "不得随意翻动客户物品：上门时不得翻动客户的物品，离开前应关好房门。")
    assert screen(drafted) is None
    assert drafted.fields["text"] == "不得随意翻动客户物品：上门时不得翻动客户的物品，离开前应{{关好房门}}。"


def test_a_list_number_before_the_rule_is_dropped_from_its_text() -> None:
    drafted = fact("rule", {"text": "1.10086热线须{{24小时}}受理。"}, "1.10086热线须24小时受理。")
    assert screen(drafted) is None
    assert drafted.fields["text"] == "10086热线须{{24小时}}受理。"
    spaced = fact("rule", {"text": "6 . 交班前须{{清点现金}}。"}, "6 . 交班前须清点现金。")
    assert screen(spaced) is None
    assert spaced.fields["text"] == "交班前须{{清点现金}}。"


def test_a_statement_without_subject_takes_its_heading_as_topic(tmp_path: Path) -> None:
    result = draft(tmp_path, "第一章 营业厅管理\n\n投诉受理时限\n\n必须在2个工作日内答复客户。\n")
    rule = next(f for f in result.deck["facts"] if f["kind"] == "rule")
    assert rule["topic"] == "投诉受理时限"


def test_screened_facts_are_listed_in_the_report_with_their_reason(tmp_path: Path) -> None:
    from drill.extract.output import report

    result = draft(tmp_path, "投诉处理\n\n例：值班经理必须在30分钟内到场。\n\n营业员须在10分钟内回复客户的留言。\n")
    texts = [f.get("text", "") for f in result.deck["facts"]]
    assert any("回复客户的留言" in t for t in texts) and not any("值班经理" in t for t in texts)
    left = report(result)["left_out"]
    assert any("example" in x["reason"] and "值班经理" in x["sentence"] for x in left)


def test_an_example_label_is_no_topic() -> None:
    drafted = fact("term", {"term": "行业客户", "definition": "按行业统一管理的政企客户"}, "行业客户是指按行业统一管理的政企客户。",
                   headings=("客户分类", "例如：银行"), topic="例如：银行")
    assert screen(drafted) is None
    assert drafted.topic == "客户分类"


def test_a_rule_after_a_labelled_sentence_takes_the_label_as_topic() -> None:
    line = "坐姿：上身挺直，双腿并拢。双手自然放于膝上。"
    drafted = fact("rule", {"text": "双手自然放于{{膝上}}。"}, "双手自然放于膝上。", headings=("仪态",), topic="仪态")
    assert screen(drafted, line) is None
    assert drafted.topic == "坐姿"
    alone = fact("rule", {"text": "双手自然放于{{膝上}}。"}, "双手自然放于膝上。", headings=("仪态",), topic="仪态")
    assert screen(alone, "上身挺直，双腿并拢。双手自然放于膝上。") is None
    assert alone.topic == "仪态"


def rule(text: str, headings: tuple[str, ...] = ("服务规范",)) -> DraftedFact:
    """A drafted rule whose quote is its text without the braces."""
    return fact("rule", {"text": text}, text.replace("{{", "").replace("}}", ""), headings=headings)


def rewritten(text: str, kept: str | None, why: str) -> None:
    """The rule ``text`` is kept as ``kept`` by the screen, or left out for ``why`` when ``kept`` is None."""
    drafted = rule(text)
    expect(screen(drafted), None if kept else why)
    if kept:
        assert drafted.fields["text"] == kept


# blanks a reader fills without the rule, or whose key word the sentence prints (rule, reason or None)
BLANKS = [
    (rule("营业员应按号码顺序为{{客户办理有关业务}}。"), "many words"),
    (rule("对客户的请求应给予{{积极的回应}}。"), "many words"),
    (rule("送别后应{{继续为其服务}}。"), "many words"),
    (rule("工装的颜色、尺寸要{{符合公司的要求}}。"), "many words"),
    (rule("店员胸牌、工装等按{{统一规范}}佩戴。"), "many words"),
    (rule("迎宾时应询问客户需要{{办理何种业务}}。"), "many words"),
    (rule("门店应{{具有销售、展示功能}}，各门店的销售与展示功能要求不同。"), "key word"),
    (rule("要{{保持良好的仪容}}，首先要懂得仪容的含义。"), "key word"),
    (rule("门店应备有足量的{{产品宣传单页}}，发现破损的宣传单页应更换。"), "key word"),
    (rule("店员要{{熟悉资费知识}}，资费知识的掌握程度影响效率。"), "key word"),
    (rule("店员要{{熟悉业务知识}}，业务知识的掌握程度影响效率。"), "key word"),  # 业务 printed too: it counts
    (rule("“{{三项服务承诺}}”是门店制定的服务承诺。"), "key word"),
    # the generic part printed, the answer's own word not: fair
    (rule("接待时应以{{客户感知}}为起点，让客户满意。"), None),
    (rule("接到投诉应向{{上一层级主管}}报告，不得在同一层级推诿。"), None),
    (rule("接待时要{{微笑示意}}，伸出右手示意客户入座。"), None),
    (rule("机房以{{电话方式}}联络为主，辅以短信等接触方式。"), None),
    (rule("研究表明：{{70%}}的差错源于沟通不畅。"), None),
]


@pytest.mark.parametrize(("text", "narrowed"), [
    ("禁止{{张贴虚假广告}}，或未经批准张贴商业广告。", "禁止张贴{{虚假}}广告，或未经批准张贴商业广告。"),
    ("须{{核对客户证件}}，并由客户确认签字。", "须{{核对客户证件}}，并由客户确认签字。"),  # 客户 alone: no giveaway
    ("应{{核对交易凭证}}，交易凭证须留存。", None),  # nothing of its own left in the middle
])
def test_a_blank_whose_ends_are_printed_is_narrowed_to_its_middle(text: str, narrowed: str | None) -> None:
    rewritten(text, narrowed, "key word")


# statements that need the sentence before them (rule, reason or None)
CONTEXT = [
    (rule("对所在门店同步进行{{通报批评}}。"), "goes on from the sentence before"),
    (rule("对所在门店一并给予{{通报批评}}。"), "goes on from the sentence before"),
    (rule("对隐瞒不报的，从严追究门店经理责任，予以{{通报批评}}。"), None),
    (rule("对典型案例进行{{交流分析}}，并传达至各门店。"), None),
    (rule("它是营业员的一种{{基本素养}}。"), "pronoun"),
    (rule("这是门店服务的{{第一原则}}。"), "pronoun"),
    (rule("必要时，应{{征得客户同意}}。", headings=("3",)), "no heading"),
    (rule("必要时，应{{征得客户同意}}。", headings=("上门服务",)), None),
    (rule("如客户不在家，应{{电话联系}}。", headings=("3",)), "no heading"),
    (rule("店长接待客户时，既要{{热情}}，又要{{稳重}}。", headings=("3",)), None),
    (rule("处理客户的咨询和投诉，定期对投诉进行{{统计分析}}。", headings=("3",)), "no heading"),
    (rule("受理人员执行{{首问负责}}的原则。", headings=("3",)), None),
    (rule("受理投诉时坚持“{{首问负责}}”的原则。", headings=("3",)), None),
    (rule("然后向{{值班经理}}报告。"), "goes on from the sentence before (然后)"),
    (rule("接着，店员应{{核对证件}}。"), "goes on from the sentence before (接着)"),
    (rule("最后，店员应{{递还证件}}。"), "goes on from the sentence before (最后)"),
    (rule("最后一位客户离开后，店员方可{{关闭卷帘门}}。"), None),
    (rule("此时，店员应{{暂停叫号}}。"), "goes on from the sentence before (此时)"),
    (rule("对此，店员应{{耐心解释}}。"), "goes on from the sentence before (对此)"),
    (rule("以上人员须{{持证上岗}}。"), "goes on from the sentence before (以上)"),
    (rule("以上门服务为主的网点须{{配备工具箱}}。"), None),
]


@pytest.mark.parametrize(("drafted", "why"), BLANKS + CONTEXT, ids=[f"{i}" for i in range(len(BLANKS + CONTEXT))])
def test_a_blank_anyone_fills_its_key_word_printed_or_a_statement_going_on_from_the_one_before_is_no_item(
        drafted: DraftedFact, why: str | None) -> None:
    reason = screen(drafted)
    expect(reason, why)


@pytest.mark.parametrize(("text", "kept"), [
    ("所以，营业员必须{{熟悉资费}}。", "营业员必须{{熟悉资费}}。"),
    ("因此，每位店员都要{{持证上岗}}。", "每位店员都要{{持证上岗}}。"),
    ("由此可见，店员必须{{熟悉资费}}。", "店员必须{{熟悉资费}}。"),
    ("所以在处理问题时，店员应{{灵活应变}}。", "所以在处理问题时，店员应{{灵活应变}}。"),  # no comma: part of the clause
])
def test_a_conclusions_connective_is_cut_from_a_statement_with_its_own_subject(text: str, kept: str) -> None:
    drafted = rule(text)
    assert screen(drafted) is None
    assert drafted.fields["text"] == kept


# a heading run into the statement: (rule text, the cited lines as the cleanup left them, reason or None)
RUN_IN = [
    ("门店的“形象大使”在激烈的竞争中，细节决定{{成败}}。",
     "……赢得客户。（四）门店的“形象大使”在激烈的竞争中，细节决定成败。", "numbered title"),
    ("营业员必须{{持证上岗}}。", "（一）营业员必须持证上岗。", None),
    ("门店营业时间为{{9:00至18:00}}。", "（二）门店营业时间为9:00至18:00。", None),
    ("投诉回复时限{{24小时}}。", "（三）投诉回复时限24小时。", None),
    ("做好常规服务，再做增值服务客户的期待在变化，店员需要{{打破框架}}。",
     "（三）做好常规服务，再做增值服务客户的期待在变化，店员需要打破框架。", "numbered title"),
    ("亲和原则：礼貌是{{情感}}的体现。", "（二）亲和原则：礼貌是情感的体现。", None),
    ("{{店员行为素养}}一项调研显示，成功的店员都有行动导向的素养。",
     "内在素质：店员行为素养\n一项调研显示，成功的店员都有行动导向的素养。", "title line"),
    ("主动询问客户的需求，并给予{{耐心倾听}}。", "主动询问客户的需求，并给予耐心倾听\n。", None),
    ("营业员须在{{三声内}}接听电话，并主动问候客户。", "营业员须在三声内接听电话，\n并主动问候客户。", None),
    # a sentence wrapped at a short line holds its modal on the first line: no title
    ("营业员应在客户到达柜台后{{3秒内}}起身问候。", "营业员应在客户到达柜台\n后3秒内起身问候。", None),
    ("化妆要{{自然}}，力求淡雅化妆要{{整洁}}", "化妆要自然，力求淡雅化妆要整洁", "bullets ran together"),
    ("上楼时应{{走在客户后面}}，下楼时应{{走在客户前面}}", "上楼时应走在客户后面，下楼时应走在客户前面", None),
    ("店员应{{微笑}}，店员应{{起立}}。", "店员应微笑，店员应起立。", None),
]


@pytest.mark.parametrize(("text", "lines", "why"), RUN_IN, ids=[f"{i}" for i in range(len(RUN_IN))])
def test_a_heading_run_into_the_statement_is_left_out(text: str, lines: str, why: str | None) -> None:
    drafted = rule(text)
    reason = screen(drafted, lines)
    expect(reason, why)
    if why is None:
        assert drafted.fields["text"] == text


def test_a_title_line_run_into_the_sentence_after_it_is_cut_and_names_the_topic() -> None:
    drafted = rule("店员行为素养一项调研显示，成功的店员都有“{{行动导向}}”的素养。")
    assert screen(drafted, "内在素质：店员行为素养\n一项调研显示，成功的店员都有“行动导向”的素养。") is None
    assert drafted.fields["text"] == "一项调研显示，成功的店员都有“{{行动导向}}”的素养。"
    assert drafted.topic == "店员行为素养"


@pytest.mark.parametrize(("text", "better"), [
    # every blank of the rule fits any rule: the words it holds to take the blank
    ("对客户的请求，以{{首问负责}}的态度给予{{积极的回应}}。", "对客户的请求，以{{首问负责}}的态度给予积极的回应。"),  # one good blank kept
    ("对客户的请求，以首问负责的态度给予{{积极的回应}}。", "对客户的请求，以{{首问负责}}的态度给予积极的回应。"),
    ("店员应在30分钟内{{进行处理}}。", "店员应在{{30分钟}}内进行处理。"),
    ("门店应以“客户至上”为原则{{做好相关工作}}。", "门店应以“{{客户至上}}”为原则做好相关工作。"),
    ("2019年，公司对门店进行{{调整}}。", None),  # a year is no rule's figure
    ("工装颜色要{{符合公司的要求}}。", None),
])
def test_a_rule_whose_blanks_all_fit_anything_takes_a_better_one_or_is_left_out(text: str, better: str | None) -> None:
    rewritten(text, better, "many words")
