#!/usr/bin/env python3
"""The bench's reference for site choice: the same MCLP and p-median models written with PuLP
and solved by CBC (Debian's python3-pulp and coinor-cbc), as spopt builds them.

    bench_siting_reference.py mclp|p-median DEMAND.csv SITES.csv N_DEMAND N_SITES P [RADIUS_M] [SECONDS]

Prints the objective, whether CBC proved it optimal, and the seconds spent building the model
and solving it."""
import csv
import math
import sys
import time

import pulp


def read(path, n, weight):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows.append((float(r["x"]), float(r["y"]), float(r["pop"]) if weight else 1.0))
            if len(rows) == n:
                break
    return rows


def main():
    kind, demand_csv, sites_csv = sys.argv[1:4]
    n, m, p = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    radius = float(sys.argv[7]) if len(sys.argv) > 7 else 2000.0
    seconds = float(sys.argv[8]) if len(sys.argv) > 8 else 900.0
    demand = read(demand_csv, n, True)
    sites = read(sites_csv, m, False)
    started = time.perf_counter()
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(len(sites))]
    if kind == "mclp":
        model = pulp.LpProblem("mclp", pulp.LpMaximize)
        z = [pulp.LpVariable(f"z{i}", cat="Binary") for i in range(len(demand))]
        model += pulp.lpSum(w * z[i] for i, (_, _, w) in enumerate(demand))
        for i, (x, yy, _) in enumerate(demand):
            near = [y[j] for j, (sx, sy, _) in enumerate(sites) if math.hypot(x - sx, yy - sy) <= radius]
            model += z[i] <= pulp.lpSum(near)
    else:
        model = pulp.LpProblem("p_median", pulp.LpMinimize)
        x_vars = {}
        cost = []
        for i, (x, yy, w) in enumerate(demand):
            for j, (sx, sy, _) in enumerate(sites):
                v = pulp.LpVariable(f"x{i}_{j}", lowBound=0, upBound=1)
                x_vars[i, j] = v
                cost.append(w * math.hypot(x - sx, yy - sy) * v)
        model += pulp.lpSum(cost)
        for i in range(len(demand)):
            model += pulp.lpSum(x_vars[i, j] for j in range(len(sites))) == 1
            for j in range(len(sites)):
                model += x_vars[i, j] <= y[j]
    model += pulp.lpSum(y) == p
    built = time.perf_counter()
    status = model.solve(pulp.COIN_CMD(path="/usr/bin/cbc", msg=0, timeLimit=seconds))
    solved = time.perf_counter()
    print(f"{kind} {len(demand)}x{len(sites)} p={p}: objective {pulp.value(model.objective):.1f} "
          f"status {pulp.LpStatus[status]} build {built - started:.1f} s solve {solved - built:.1f} s")


if __name__ == "__main__":
    main()
