"""report.py's checks fail where they must: a negative control that loses nothing for a user
that must see its loss, a lost request or a retry in the real configuration.

Run: python3 -m pytest scripts/rollout
"""
import copy

import report


def user(requests=1000, failed=0, connections=None):
    return {"requests": requests, "failed": failed, "failure_kinds": {"timeout": failed} if failed else {},
            "rate_per_s": 50.0, "first_new_s": 2.0, "last_old_s": 21.0, "longest_outage_s": 0.0,
            "mixed_window_s": 19.0, "new_connections": requests if connections is None else connections}


def result(scenario, keepalive=0, newconn=0, delay=1.0):
    return {"case": f"{scenario}-d{delay:g}", "scenario": scenario, "propagation_delay_s": delay,
            "users": {"keepalive": user(failed=keepalive, connections=3), "newconn": user(failed=newconn)}}


def summary(*results):
    return {"controls": ["nc-prestop0-drain0", "nc-sigkill", "recreate"], "results": list(results)}


GOOD = summary(result("rolling", delay=3), result("model-configmap"), result("hot-reload", delay=0),
               result("nc-prestop0-drain0", 0, 37), result("nc-sigkill", 1, 46), result("recreate", 445, 358))


def failures(s):
    return [text for ok, text in report.checks(s, 50) if not ok]


def with_users(scenario, **failed):
    s = copy.deepcopy(GOOD)
    r = next(r for r in s["results"] if r["scenario"] == scenario)
    for mode, n in failed.items():
        r["users"][mode]["failed"] = n
    return s


def test_good_run_passes():
    assert failures(GOOD) == []


def test_a_control_that_loses_nothing_fails():
    for scenario in ("nc-prestop0-drain0", "nc-sigkill", "recreate"):
        bad = failures(with_users(scenario, keepalive=0, newconn=0))
        assert any(scenario in text and "newconn: negative control" in text for text in bad), bad


def test_new_connection_loss_is_required_in_every_control():
    # keep-alive losses do not stand in for the new-connection user's
    for scenario in ("nc-prestop0-drain0", "nc-sigkill", "recreate"):
        assert failures(with_users(scenario, keepalive=5, newconn=0)), scenario


def test_recreate_needs_loss_for_both_users():
    bad = failures(with_users("recreate", keepalive=0))
    assert len(bad) == 1 and "recreate-d1 keepalive: negative control" in bad[0]


def test_keepalive_loss_is_not_required_in_the_other_controls():
    assert failures(with_users("nc-sigkill", keepalive=0)) == []
    assert failures(with_users("nc-prestop0-drain0", keepalive=0)) == []


def test_a_lost_request_or_a_retry_in_the_real_configuration_fails():
    assert failures(with_users("rolling", keepalive=1))
    s = copy.deepcopy(GOOD)
    s["results"][0]["users"]["newconn"]["new_connections"] += 1
    assert any("no retries" in text for text in failures(s))
