"""Plausible synthetic stakeholder networks for demo projects and benchmarks (seeded, Chinese names).

The shape follows a 邻避 facility (e.g. a waste-to-energy plant): villages and residential communities
within 3 km (closer → more opposed and aggrieved), 业主委员会, schools, an environmental group, local
media and online opinion leaders, the builder and operator, 街道办 / 乡镇政府, the environment bureau,
the 信访 bureau, grid workers, people's congress deputies, key persons and residents; disputes arrive
through 信访 / 12345 / 网格 / 媒体 with categories by project type, statuses and dates between
``start_date`` and ``end_date``. Some actors and ties appear part-way (``valid_from``) so ``as_of``
shows the network growing. Nothing here is real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from riskmodel.network.model import Edge, Network, Node

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志文斌辉鹏宇浩凯健俊帆帅旭宁欣彤琳雪梅海波春燕晨阳峰亮成德"
VILLAGE_PREFIX = [
    "李家",
    "王庄",
    "东湖",
    "青石",
    "柳树",
    "桃园",
    "马桥",
    "北岗",
    "南塘",
    "石门",
    "枫林",
    "杨湾",
    "新河",
    "黄泥",
    "槐树",
    "前进",
    "长岭",
    "白沙",
    "高墩",
    "沙河",
    "荷花",
    "龙潭",
    "红旗",
    "双桥",
    "西畈",
    "张湾",
    "鲁庄",
    "金山",
    "茶园",
    "松岗",
]
COMMUNITY_NAMES = [
    "锦绣花园",
    "翠湖小区",
    "阳光家园",
    "滨江新城",
    "紫荆苑",
    "和平新村",
    "书香门第",
    "绿地世纪城",
    "御景湾",
    "金色港湾",
    "幸福里",
    "东方明珠苑",
    "碧桂园",
    "万科城",
    "凤凰城",
    "香樟园",
    "江南名府",
    "丽水湾",
    "春晓苑",
    "华府天地",
]
SCHOOL_SUFFIX = ["小学", "中学", "实验小学", "幼儿园"]
MEDIA = ["{city}日报", "{city}电视台", "{city}晚报", "{city}发布", "{city}论坛"]
CHANNEL_WEIGHTS = {"信访": 0.35, "12345": 0.3, "网格": 0.25, "媒体": 0.07, "其他": 0.03}

PROFILES: dict[str, list[str]] = {
    "垃圾焚烧": [
        "环境污染担忧（二噁英、臭气）",
        "邻避选址争议",
        "信息公开不足",
        "房产贬值",
        "施工扰民",
        "垃圾运输交通影响",
        "健康风险担忧",
        "补偿诉求",
    ],
    "征地": ["补偿标准争议", "安置方案不满", "征收程序异议", "历史遗留问题", "社保落实", "宅基地认定"],
    "化工": ["安全风险担忧", "环境污染担忧", "防护距离争议", "信息公开不足", "就业诉求"],
    "交通": ["施工扰民", "噪声影响", "征地补偿", "出行不便", "房屋震裂"],
    "政策": ["利益调整不满", "政策公平性质疑", "信息公开不足", "执行标准不一", "过渡期安排"],
}
DEFAULT_CATEGORIES = ["环境影响", "补偿诉求", "信息公开不足", "施工扰民", "其他诉求"]


def _categories(project_type: str) -> list[str]:
    for key, cats in PROFILES.items():
        if key in (project_type or ""):
            return cats
    return DEFAULT_CATEGORIES


@dataclass
class _Budget:
    groups: int
    committees: int
    schools: int
    leaders: int
    grid: int
    deputies: int
    key_persons: int
    disputes: int
    residents: int


def _budget(n: int) -> _Budget:
    """Split ``n`` nodes into roles; shares keep small demos readable and large ones dense."""
    rest = max(n - 12, 8)
    groups = max(4, round(rest * 0.08))
    committees = max(1, round(groups * 0.3))
    schools = max(1, round(rest * 0.012))
    leaders = max(1, round(rest * 0.02))
    grid = max(1, round(groups / 2))
    deputies = max(1, round(rest * 0.01))
    key_persons = groups
    disputes = max(4, round(rest * 0.16))
    used = groups + committees + schools + leaders + grid + deputies + key_persons + disputes
    residents = max(0, rest - used)
    return _Budget(groups, committees, schools, leaders, grid, deputies, key_persons, disputes, residents)


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def unique(self, name: str) -> str:
        if name not in self.used:
            self.used.add(name)
            return name
        k = 2
        while f"{name}（{k}）" in self.used:
            k += 1
        self.used.add(f"{name}（{k}）")
        return f"{name}（{k}）"

    def person(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.6 else "")
        return self.unique(self.rng.choice(SURNAMES) + given)


def generate_network(
    project_name: str,
    project_type: str = "垃圾焚烧发电",
    n_nodes: int = 60,
    seed: int = 0,
    start_date: date = date(2024, 1, 1),
    end_date: date = date(2024, 12, 31),
    *,
    n_edges: int | None = None,
) -> Network:
    """A seeded synthetic network of ``n_nodes`` nodes (exactly for n_nodes ≥ 32; about 30 at least).

    ``n_edges`` asks for a tie count: social ties between residents are added or left out to reach it
    (structural ties are always kept, so a very small ``n_edges`` is a lower bound, not met exactly).
    """
    rng = random.Random(f"{seed}:{project_name}:{project_type}")
    names = _Names(rng)
    span = max((end_date - start_date).days, 1)
    city = project_name[:2] if project_name else "本市"
    short = project_name or "本项目"
    nodes: list[Node] = []
    edges: list[Edge] = []
    b = _budget(n_nodes)
    width = max(3, len(str(n_nodes)))

    def day(frac_low: float = 0.0, frac_high: float = 1.0) -> date:
        return start_date + timedelta(days=int(span * rng.uniform(frac_low, frac_high)))

    def add(prefix: str, **kw) -> Node:
        node = Node(id=f"{prefix}{len(nodes) + 1:0{width}d}", **kw)
        nodes.append(node)
        return node

    def tie(s: Node, t: Node, rel: str, w: float, valid_from: date | None = None) -> None:
        if s.id != t.id:
            edges.append(Edge(s.id, t.id, rel, round(w, 2), valid_from=valid_from))

    # --- the authorities, builder and media (12) -----------------------------------------------
    builder = add(
        "O", name=names.unique(f"{short}建设单位"), kind="organisation", attitude=2, grievance=0, influence=0.5
    )
    operator = add(
        "O", name=names.unique(f"{short}运营公司"), kind="organisation", attitude=2, grievance=0, influence=0.4
    )
    street = add(
        "O",
        name=names.unique(f"{city}{rng.choice(['城东', '城西', '高新'])}街道办事处"),
        kind="organisation",
        attitude=1,
        grievance=0,
        influence=0.6,
    )
    town = add(
        "O",
        name=names.unique(f"{rng.choice(VILLAGE_PREFIX)}镇人民政府"),
        kind="organisation",
        attitude=1,
        grievance=0,
        influence=0.6,
    )
    env_bureau = add(
        "O", name=names.unique(f"{city}市生态环境局"), kind="organisation", attitude=1, grievance=0, influence=0.5
    )
    petition = add(
        "O", name=names.unique(f"{city}市信访局"), kind="organisation", attitude=1, grievance=0, influence=0.4
    )
    police = add(
        "O", name=names.unique(f"{city}公安分局辖区派出所"), kind="organisation", attitude=1, grievance=0, influence=0.3
    )
    media = [
        add(
            "O",
            name=names.unique(fmt.format(city=city)),
            kind="organisation",
            attitude=rng.choice([0, 0, -1]),
            grievance=0.1,
            influence=round(rng.uniform(0.5, 0.8), 2),
        )
        for fmt in MEDIA[:2]
    ]
    env_group = add(
        "G",
        name=names.unique(f"{city}绿色家园环保志愿者协会"),
        kind="group",
        people=rng.randint(20, 60),
        attitude=-2,
        grievance=0.6,
        influence=0.6,
        valid_from=day(0.1, 0.4),
    )
    hotline = add(
        "O",
        name=names.unique(f"{city}12345政务服务便民热线"),
        kind="organisation",
        attitude=1,
        grievance=0,
        influence=0.2,
    )
    committee_of_party = add(
        "O",
        name=names.unique(f"{city}市委政法委（稳评办）"),
        kind="organisation",
        attitude=1,
        grievance=0,
        influence=0.4,
    )
    for org in (street, town, env_bureau, petition, police, hotline):
        tie(committee_of_party, org, "influences", 1.0)
    tie(operator, builder, "allied_with", 2.0)
    tie(env_bureau, builder, "influences", 0.8)
    locals_ = [street, town]

    # --- villages and communities within 3 km -----------------------------------------------------
    groups: list[tuple[Node, float]] = []
    village_pool = rng.sample(VILLAGE_PREFIX, len(VILLAGE_PREFIX))
    community_pool = rng.sample(COMMUNITY_NAMES, len(COMMUNITY_NAMES))
    for i in range(b.groups):
        distance = round(rng.uniform(0.3, 3.0), 1)
        near = 1 - (distance - 0.3) / 2.7
        if i % 2 == 0:
            base = village_pool[(i // 2) % len(village_pool)]
            label = (
                f"{base}村村民" if i // 2 < len(village_pool) else f"{base}村{i // 2 // len(village_pool) + 1}组村民"
            )
        else:
            base = community_pool[(i // 2) % len(community_pool)]
            label = (
                f"{base}业主" if i // 2 < len(community_pool) else f"{base}{i // 2 // len(community_pool) + 1}期业主"
            )
        attitude = max(-2, min(2, round(rng.gauss(-2.0 * near + 0.6, 0.8))))
        grievance = round(min(1.0, max(0.0, rng.gauss(0.2 + 0.55 * near, 0.12))), 2)
        people = int(rng.uniform(20, 120) * (0.5 + near))
        node = add(
            "G",
            name=names.unique(f"{label}（约{distance}公里）"),
            kind="group",
            people=people,
            attitude=attitude,
            grievance=grievance,
            influence=round(rng.uniform(0.2, 0.45), 2),
        )
        groups.append((node, near))
        gov = locals_[i % 2]
        tie(gov, node, "influences", round(rng.uniform(0.5, 1.5), 2))
        if attitude < 0:
            tie(node, builder, "opposes", round(1 + 2 * near, 2))
        if attitude <= -1 and rng.random() < 0.5:
            tie(env_group, node, "allied_with", round(rng.uniform(0.5, 1.5), 2), valid_from=env_group.valid_from)
    if not any(e.source == env_group.id for e in edges):  # the environmental group always backs someone
        most = min(groups, key=lambda gn: (gn[0].attitude, -gn[0].grievance))[0]
        tie(env_group, most, "allied_with", 1.0, valid_from=env_group.valid_from)
    for (g1, _n1), (g2, _n2) in zip(groups, groups[1:]):
        if rng.random() < 0.6 and (g1.attitude < 0) == (g2.attitude < 0):
            tie(g1, g2, "allied_with", round(rng.uniform(0.3, 1.2), 2))

    communities_ = [g for g, _ in groups if g.name.split("（")[0].endswith("业主")]
    for i in range(b.committees):
        target = communities_[i % len(communities_)] if communities_ else groups[i % len(groups)][0]
        base = target.name.split("（")[0].removesuffix("业主")
        committee = add(
            "O",
            name=names.unique(f"{base}业主委员会"),
            kind="organisation",
            people=0,
            attitude=max(-2, target.attitude),
            grievance=target.grievance,
            influence=round(rng.uniform(0.5, 0.8), 2),
        )
        tie(committee, target, "represents", 1.5)
    for _ in range(b.schools):
        near_group, near = groups[rng.randrange(len(groups))]
        school = add(
            "O",
            name=names.unique(f"{near_group.name.split('（')[0][:2]}{rng.choice(SCHOOL_SUFFIX)}"),
            kind="organisation",
            attitude=-1 if near > 0.5 else 0,
            grievance=round(0.3 + 0.4 * near, 2),
            influence=round(rng.uniform(0.3, 0.6), 2),
        )
        tie(school, near_group, "allied_with", 1.0)
        tie(town, school, "influences", 0.5)
    leaders = []
    for _ in range(b.leaders):
        leader = add(
            "P",
            name=names.person() + rng.choice(["（网络大V）", "（本地自媒体）", "（论坛版主）"]),
            kind="person",
            people=1,
            attitude=rng.choice([-2, -1, -1, 0]),
            grievance=round(rng.uniform(0.3, 0.8), 2),
            influence=round(rng.uniform(0.6, 0.9), 2),
            valid_from=day(0.0, 0.6),
        )
        leaders.append(leader)
        for g, _ in rng.sample(groups, min(len(groups), rng.randint(2, 4))):
            tie(leader, g, "influences", round(rng.uniform(0.5, 1.5), 2), valid_from=leader.valid_from)
        tie(rng.choice(media), leader, "influences", 0.8, valid_from=leader.valid_from)
    for m in media:
        for g, _ in rng.sample(groups, min(len(groups), 3)):
            tie(m, g, "influences", round(rng.uniform(0.3, 1.0), 2))
    grid_workers = []
    for i in range(b.grid):
        worker = add(
            "P",
            name=names.person() + "（网格员）",
            kind="person",
            people=1,
            attitude=1,
            grievance=0.0,
            influence=round(rng.uniform(0.3, 0.5), 2),
        )
        grid_workers.append(worker)
        tie(locals_[i % 2], worker, "influences", 1.0)
        for g, _ in groups[i * 2 : (i + 1) * 2] or groups[:1]:
            tie(worker, g, "influences", 0.8)
    for _ in range(b.deputies):
        deputy = add(
            "P",
            name=names.person() + "（人大代表）",
            kind="person",
            people=1,
            attitude=rng.choice([0, 0, -1, 1]),
            grievance=0.3,
            influence=0.7,
        )
        for g, _ in rng.sample(groups, min(len(groups), 3)):
            tie(deputy, g, "represents", 1.0)
    heads: dict[str, Node] = {}
    for i in range(b.key_persons):
        g, near = groups[i % len(groups)]
        role = "村民代表" if g.name.split("（")[0].endswith("村民") else "业主代表"
        head = add(
            "P",
            name=names.person() + f"（{role}）",
            kind="person",
            people=1,
            attitude=max(-2, min(2, g.attitude + rng.choice([-1, 0, 0]))),
            grievance=round(min(1.0, g.grievance + 0.1), 2),
            influence=round(rng.uniform(0.6, 0.9), 2),
        )
        heads.setdefault(g.id, head)
        tie(head, g, "represents", 2.0)
        tie(head, g, "member_of", 1.0)

    # --- residents --------------------------------------------------------------------------------
    residents_by_group: dict[str, list[Node]] = {g.id: [] for g, _ in groups}
    weights = [g.people for g, _ in groups]
    for _ in range(b.residents):
        g, near = rng.choices(groups, weights=weights)[0]
        resident = add(
            "P",
            name=names.person(),
            kind="person",
            people=1,
            attitude=max(-2, min(2, g.attitude + rng.choice([-1, 0, 0, 0, 1]))),
            grievance=round(min(1.0, max(0.0, rng.gauss(g.grievance, 0.15))), 2),
            influence=round(min(1.0, rng.betavariate(2, 8)), 2),
        )
        residents_by_group[g.id].append(resident)
        tie(resident, g, "member_of", 1.0)

    # --- disputes ---------------------------------------------------------------------------------
    categories = _categories(project_type)
    channels, ch_weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    handlers = {"信访": petition, "12345": hotline, "媒体": media[0], "其他": street}
    opposed_groups = [g for g, _ in groups if g.attitude < 0] or [g for g, _ in groups]
    for _ in range(b.disputes):
        opened = day()
        age = (end_date - opened).days / span
        status = rng.choices(["已化解", "调处中", "排查", "上行"], weights=[0.2 + 0.6 * age, 0.35, 0.25, 0.05])[0]
        closed = min(end_date, opened + timedelta(days=rng.randint(5, 60))) if status == "已化解" else None
        channel = rng.choices(channels, weights=ch_weights)[0]
        category = rng.choice(categories)
        about = rng.choice(opposed_groups)
        dispute = add(
            "D",
            name=names.unique(
                f"{about.name.split('（')[0]}反映{category}（{opened.month}月{opened.day}日，{channel}）"
            ),
            kind="dispute",
            people=rng.choice([1, 1, 2, 3, 5, 8, 12, 20, 35, 60]),
            attitude=rng.choice([-2, -1, -1]),
            grievance=round(rng.uniform(0.4, 0.9), 2),
            influence=round(rng.uniform(0.2, 0.6), 2),
            channel=channel,
            category=category,
            status=status,
            opened=opened,
            closed=closed,
        )
        tie(about, dispute, "involved_in", round(rng.uniform(1.0, 2.0), 2), valid_from=opened)
        if about.id in heads and rng.random() < 0.5:
            tie(heads[about.id], dispute, "involved_in", 1.0, valid_from=opened)
        pool = residents_by_group.get(about.id) or []
        for person in rng.sample(pool, min(len(pool), rng.randint(0, 3))):
            tie(person, dispute, "involved_in", 1.0, valid_from=opened)
        if channel == "网格":
            handler = rng.choice(grid_workers)
        else:
            handler = handlers[channel]
        tie(handler, dispute, "involved_in", 0.5, valid_from=opened)

    # --- social ties between residents (fill to n_edges, or about one per resident) -----------------
    target_extra = (n_edges - len(edges)) if n_edges is not None else b.residents
    residents = [p for lst in residents_by_group.values() for p in lst]
    group_of = {p.id: gid for gid, lst in residents_by_group.items() for p in lst}
    seen = {(e.source, e.target) for e in edges}
    attempts = 0
    added = 0
    while added < target_extra and len(residents) > 1 and attempts < 20 * max(target_extra, 1):
        attempts += 1
        a = rng.choice(residents)
        same = residents_by_group[group_of[a.id]]
        other = rng.choice(same) if rng.random() < 0.85 and len(same) > 1 else rng.choice(residents)
        if other.id == a.id or (a.id, other.id) in seen or (other.id, a.id) in seen:
            continue
        seen.add((a.id, other.id))
        rel = "allied_with" if rng.random() < 0.8 else "influences"
        tie(a, other, rel, round(rng.uniform(0.3, 1.5), 2), valid_from=day(0.0, 0.8) if rng.random() < 0.1 else None)
        added += 1

    return Network(
        tuple(nodes),
        tuple(edges),
        meta={"project": project_name, "project_type": project_type, "seed": seed, "synthetic": True},
    )
