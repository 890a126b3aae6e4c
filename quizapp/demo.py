"""Demo contests, so ``./scripts/run`` opens on something a person can play."""

from __future__ import annotations

from .core.sports import model as sm
from .questionbank.loader import load_banks, load_presets, load_sports_presets
from .services.contests import ContestService
from .services.setup import TeamSpec, create_from_preset, create_sports_day

PARTY_TEAMS = (
    TeamSpec("数学系", members=("张伟", "王芳", "李娜", "刘洋", "陈静")),
    TeamSpec("物理系", members=("杨帆", "赵磊", "黄敏", "周杰", "吴婷")),
    TeamSpec("化学系", members=("徐鹏", "孙丽", "马超", "朱琳", "胡斌")),
    TeamSpec("计算机系", members=("郭强", "何雪", "高峰", "林霞", "罗军")),
)
DORM_TEAMS = (
    TeamSpec("5栋101"), TeamSpec("5栋203"), TeamSpec("21栋305"), TeamSpec("21栋412"),
)
SPORTS_TEAMS = (("飞跃队", "5栋101", ""), ("追光队", "5栋203", ""), ("启航队", "21栋305", ""),
                ("星火队", "21栋412", ""), ("破晓队", "21栋508", ""), ("凌云队", "5栋316", ""))
# results already in, so the board has something to show: (event name, typed results in team order)
SPORTS_RESULTS = (("拔河", ("1", "3", "2", "4", "5", "6")),
                  ("跳长绳", ("118", "96-2", "131", "104", "缺席", "99")),
                  ("两人三足", ("58.20", "1:02.35+5", "55.90", "57.10", "1:05.00", "59.30")))
SPORTS_JUDGES = (("李老师", ""), ("王老师", ""), ("陈同学", "5栋101"), ("赵同学", "21栋305"), ("周同学", ""))
# 文明宿舍评比: the dorm rooms are the teams (one with a long real-world name)
CIVILITY_DORMS = ("5栋101", "5栋203", "21栋305", "21栋412", "研究生公寓3号楼1203室", "12栋608")
CIVILITY_JUDGES = (("宿管科张老师", ""), ("学生会刘同学", ""), ("楼长孙同学", "5栋101"))
# sheets already in, so the projector shows 评分中 and a first result: (judge no., dorm no., deductions)
CIVILITY_SHEETS = ((0, 0, (("h1", "2"), ("d1", "1"))), (1, 0, (("h1", "3"),)), (2, 1, (("h2", "5"),)))


def load_demo(service: ContestService, seed: int = 2015) -> list[str]:
    """Create the demo contests (once: existing demo contests are kept)."""
    existing = {row.preset for row in service.contests()}
    banks, presets = load_banks(), load_presets()
    created = []
    if "party-constitution" not in existing:
        created.append(create_from_preset(service, presets["party-constitution"], banks,
                                          PARTY_TEAMS, seed=seed))
    if "dorm-life" not in existing:
        created.append(create_from_preset(service, presets["dorm-life"], banks, DORM_TEAMS,
                                          seed=seed + 1))
    if "sports-day" not in existing:
        created.append(_sports_demo(service))
    if "civility" not in existing:
        created.append(_civility_demo(service))
    return created


def _sports_demo(service: ContestService) -> str:
    """The sports day with three events recorded and a judge panel ready."""
    cid = create_sports_day(service, load_sports_presets()["sports-day"], SPORTS_TEAMS)
    state = service.state(cid)
    by_name = {sev.spec.name: sev.id for sev in state.events.values()}
    teams = list(state.teams)
    for name, typed in SPORTS_RESULTS:
        service.execute(cid, sm.RecordResults(event_id=by_name[name], entries=tuple(zip(teams, typed, strict=True))),
                        "recorder")
    service.execute(cid, sm.SetEventStatus(event_id=by_name["拔河"], status="final"), "host")
    for name, unit in SPORTS_JUDGES:
        service.execute(cid, sm.AddJudge(name=name, unit=unit, head=name == "李老师"), "host")
    return cid


def _civility_demo(service: ContestService) -> str:
    """文明宿舍评比 with its judge panel (the head inspector first) and a few sheets submitted."""
    cid = create_sports_day(service, load_sports_presets()["civility"], [(d, d, "") for d in CIVILITY_DORMS])
    for name, unit in CIVILITY_JUDGES:
        service.execute(cid, sm.AddJudge(name=name, unit=unit, head=name == CIVILITY_JUDGES[0][0]), "host")
    state = service.state(cid)
    event, judges, dorms = next(iter(state.events)), list(state.judges), list(state.teams)
    for judge, dorm, deductions in CIVILITY_SHEETS:
        service.execute(cid, sm.SubmitSheet(event_id=event, judge_id=judges[judge], team_id=dorms[dorm],
                                            deductions=deductions), f"judge:{judges[judge]}")
    return cid
