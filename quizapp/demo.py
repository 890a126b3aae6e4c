"""Demo contests, so ``./scripts/run`` opens on something a person can play."""

from __future__ import annotations

from .questionbank.loader import load_banks, load_presets
from .services.contests import ContestService
from .services.setup import TeamSpec, create_from_preset

PARTY_TEAMS = (
    TeamSpec("数学系", members=("张伟", "王芳", "李娜", "刘洋", "陈静")),
    TeamSpec("物理系", members=("杨帆", "赵磊", "黄敏", "周杰", "吴婷")),
    TeamSpec("化学系", members=("徐鹏", "孙丽", "马超", "朱琳", "胡斌")),
    TeamSpec("计算机系", members=("郭强", "何雪", "高峰", "林霞", "罗军")),
)
DORM_TEAMS = (
    TeamSpec("5栋101"), TeamSpec("5栋203"), TeamSpec("21栋305"), TeamSpec("21栋412"),
)


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
    return created
