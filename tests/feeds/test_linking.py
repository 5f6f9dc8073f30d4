"""Linking by place and content, merging near-duplicates, classification."""

from __future__ import annotations

from datetime import datetime, timedelta

from riskmodel.feeds.classify import classifier, train_classifier
from riskmodel.feeds.linking import Linker, ProjectSite
from riskmodel.feeds.merge import CaseMerger

BRIDGE = ProjectSite(
    8, "DEMO-08", "南港区跨江大桥及接线工程", "南港区", "滨江街道", "江湾社区", 118.831, 31.990, ("跨江大桥", "大桥")
)
PLANT = ProjectSite(3, "DEMO-03", "南港区生活垃圾焚烧发电厂", "南港区", "港口街道", "渔港村", None, None, ("焚烧厂",))


def test_a_record_about_the_project_in_its_community_links_automatically_with_the_matched_words():
    linker = Linker([BRIDGE, PLANT])
    place = linker.place("南港区", "南港区滨江街道江湾社区5栋")
    (link,) = linker.links("跨江大桥施工夜间噪音扰民", place)
    assert link.project_id == 8 and link.auto and "跨江大桥" in link.words and "江湾社区" in link.words


def test_the_same_words_in_the_district_wait_for_confirmation_and_elsewhere_do_not_link():
    linker = Linker([BRIDGE])
    (pending,) = linker.links("大桥施工噪音", linker.place("南港区", "南港区港口街道海港社区"))
    assert not pending.auto
    assert linker.links("大桥施工噪音", linker.place("东湖区", "东湖区和平街道")) == []
    assert linker.links("小区物业费上涨", linker.place("南港区", "南港区滨江街道江湾社区")) == []


def test_distance_counts_where_coordinates_exist():
    linker = Linker([BRIDGE])
    near = linker.links("大桥工地扬尘", linker.place("", ""), 118.832, 31.991)
    assert near and near[0].auto and any(w.endswith("km") for w in near[0].words)


def test_near_duplicates_within_days_merge_into_one_case_and_later_ones_do_not():
    m = CaseMerger()
    t0 = datetime(2026, 11, 1, 9)
    block = ("江湾社区", "环境污染")
    a, new_a = m.assign(block, t0, "跨江大桥施工夜间噪音扰民，居民无法休息", "p1")
    b, new_b = m.assign(block, t0 + timedelta(days=2), "跨江大桥施工夜间噪音扰民，居民无法入睡", "p2")
    c, _ = m.assign(block, t0 + timedelta(days=30), "跨江大桥施工夜间噪音扰民，居民无法休息", "p1")
    d, _ = m.assign(block, t0 + timedelta(days=1), "电梯经常故障，物业不维修", "p3")
    assert new_a and not new_b and a == b and c != a and d != a


def test_keyword_rules_give_the_statutory_category_and_the_purpose():
    rules = classifier()
    assert rules.category("征收补偿款太低，要求提高补偿") == "征地拆迁"
    assert rules.category("工地扬尘严重，噪音扰民") == "环境污染"
    assert rules.category("公司拖欠工资三个月") == "劳资纠纷"
    assert rules.category("随便说说", "环保") == "环境污染"  # the source's own type through an alias
    assert rules.category("随便说说") == "其他"
    assert rules.purpose("举报村干部贪污") == "揭发控告"
    assert rules.purpose("不服处理结果，申请复查") == "申诉"
    assert rules.purpose("任何内容", "意见建议") == "意见建议"


def test_an_optional_local_classifier_learns_from_labelled_records():
    texts = ["水费太贵了", "水价上涨负担重", "水费单价高", "学校学位不够", "孩子入学难", "幼儿园太少"] * 3
    labels = ["物价", "物价", "物价", "教育", "教育", "教育"] * 3
    model = train_classifier(texts, labels)
    assert list(model.predict(["今年水费又涨了", "入学学位紧张"])) == ["物价", "教育"]
    assert classifier().with_model(model).category("这个月水费太贵") == "物价"
