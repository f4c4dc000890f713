"""What reading the places off document titles costs (the documents named by a place: 义乌…条例 searched for
"the Yiwu rules"), on a corpus of many titles.

    .venv/bin/python benchmarks/bench_places.py                 # 10,000 titles
    .venv/bin/python benchmarks/bench_places.py --titles 50000

Prints the seconds for reading every title's places (`places_in` over the title, and the leading place a
title writes without 省/市, `_leading_place`) once, as `Assistant._places` does on the first question that
needs them: cold (the dictionaries, shared with the query translation, loaded on the way) and warm, in all
and per title.
The titles are made from real title patterns: a province or city (or none) before a subject and a kind.
"""

from __future__ import annotations

import argparse
import random
import time

PLACES = ["义乌", "重庆", "上海市", "广东省", "深圳", "海南", "苏州", "天津", "浙江省", "成都", "", "", ""]
SUBJECTS = ["国际贸易综合改革试验区", "扩大进口", "跨境电子商务", "外商投资", "海关监管", "自由贸易试验区", "进口贸易促进",
            "服务贸易", "知识产权保护", "口岸营商环境"]
KINDS = ["条例", "办法", "若干措施", "实施意见", "管理规定", "通知"]


def titles(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.choice(PLACES)}{rng.choice(SUBJECTS)}{rng.choice(KINDS)}（{rng.randint(1990, 2025)}年）" for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--titles", type=int, default=10_000)
    args = parser.parse_args()
    from rag.assistant import _leading_place, places_in

    made = titles(args.titles)
    for run in ("cold (dictionaries loaded on the way)", "warm"):
        t0 = time.perf_counter()
        found = [list(dict.fromkeys(places_in(t) + _leading_place(t))) for t in made]
        read = time.perf_counter() - t0
        named = sum(1 for f in found if f)
        print(f"{run}: places of {args.titles:,} titles in {read:.2f} s ({read / args.titles * 1e6:.0f} µs a "
              f"title); {named:,} titles name a place")


if __name__ == "__main__":
    main()
