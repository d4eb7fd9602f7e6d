"""`factorytier check`: exit codes, batch streaming, stdin, unreadable input, text format."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from policy_support import REPO, valid_facts

from factorytier.policy.cli import main


def run(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factorytier.cli", "check", *args], input=stdin,
                          capture_output=True, cwd=REPO, timeout=60, env=env)


def write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def invalid_facts() -> dict:
    data = valid_facts()
    data["enterprise"]["uscc"] = "91310115MA1K3YJ120"
    data["enterprise"]["cmmm_level"] = 9
    return data


def test_tier_exit_codes(tmp_path, capsys):
    ok = write(tmp_path, "ok.json", valid_facts())
    assert main(["--tier", "excellent", ok]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tier"] == "excellent" and out["eligible"] is True
    assert main(["--tier", "leading", ok]) == 1
    assert json.loads(capsys.readouterr().out)["eligible"] is False
    assert main(["--ladder", ok]) == 0
    assert json.loads(capsys.readouterr().out)["highest_eligible"] == "excellent"


def test_invalid_facts_exit_2_empty_stdout(tmp_path, capsys):
    path = write(tmp_path, "bad.json", invalid_facts())
    assert main(["--ladder", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "enterprise.uscc: 统一社会信用代码校验位错误",
        "enterprise.cmmm_level: 能力成熟度等级不正确（9），应为 0（未评估）到 5 的整数",
    ]


@pytest.mark.parametrize("content, needle", [
    (b'{"enterprise": ', "不是合法的 JSON"),
    (b"", "输入为空"),
    (b"\xff\xfe{}", "不是 UTF-8 编码"),
    (b'{"a": NaN}', "不是合法的 JSON"),
    (b"[" * 100000 + b"]" * 100000, "JSON"),
])
def test_unreadable_input_is_one_chinese_line(tmp_path, content, needle):
    path = write(tmp_path, "x.json", content)
    proc = run("--ladder", path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode("utf-8")
    assert len(err.splitlines()) == 1 and needle in err and "Traceback" not in err
    # the whole document is the field at fault, named as --batch names it
    assert err.startswith("$: ")


def test_missing_file_and_directory(tmp_path):
    proc = run("--ladder", str(tmp_path / "nope.json"))
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().strip() == f"找不到文件：{tmp_path / 'nope.json'}"
    proc = run("--ladder", str(tmp_path))
    assert proc.returncode == 2 and "目录" in proc.stderr.decode()


def test_usage_errors_exit_2(capsys):
    assert main(["--ladder"]) == 2
    assert main(["--tier", "platinum", "-"]) == 2
    assert "未知的等级" in capsys.readouterr().err
    assert main(["--tier", "basic", "--ladder", "x"]) == 2
    assert main(["--help"]) == 0


def test_stdin_and_utf8_regardless_of_locale():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    env.update(LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    proc = run("--tier", "excellent", "-", stdin=json.dumps(valid_facts()).encode(), env=env)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.decode("utf-8"))
    assert "能力成熟度三级" in {f["clause"]: f["message"] for f in out["findings"]}["R.B5"]
    bad = run("--tier", "excellent", "-", stdin=json.dumps(invalid_facts()).encode(), env=env)
    assert bad.returncode == 2 and "校验位错误" in bad.stderr.decode("utf-8")


def test_batch_with_invalid_line_in_the_middle(tmp_path):
    lines = [
        json.dumps(valid_facts(), ensure_ascii=False),
        "",  # blank: skipped, but line numbers stay physical
        json.dumps(invalid_facts(), ensure_ascii=False),
        "{not json",
        json.dumps(dict(valid_facts(), scenarios=[]), ensure_ascii=False),
    ]
    path = write(tmp_path, "many.jsonl", "\n".join(lines) + "\n")
    proc = run("--ladder", "--batch", path)
    assert proc.returncode == 2
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [o["line"] for o in out] == [1, 3, 4, 5]
    assert out[0]["highest_eligible"] == "excellent" and len(out[0]["tiers"]) == 4
    assert [e["path"] for e in out[1]["errors"]] == ["enterprise.uscc", "enterprise.cmmm_level"]
    assert out[2]["errors"][0]["path"] == "$" and "JSON" in out[2]["errors"][0]["message"]
    assert out[3]["highest_eligible"] is None
    err = proc.stderr.decode("utf-8").splitlines()
    assert err[0] == "line 3: enterprise.uscc: 统一社会信用代码校验位错误"
    assert err[1].startswith("line 3: enterprise.cmmm_level: ")
    assert err[2].startswith("line 4: $: 不是合法的 JSON")
    assert len(err) == 3


def test_batch_exit_codes_and_tier(tmp_path):
    good = json.dumps(valid_facts(), ensure_ascii=False)
    path = write(tmp_path, "good.jsonl", good + "\n" + good)
    proc = run("--tier", "excellent", "--batch", path)
    assert proc.returncode == 0
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(o["line"], o["tier"], o["eligible"]) for o in out] == [(1, "excellent", True), (2, "excellent", True)]
    proc = run("--tier", "leading", "--batch", path)
    assert proc.returncode == 1
    assert run("--tier", "leading", "--batch", write(tmp_path, "empty.jsonl", "\n\n")).returncode == 1


def test_batch_from_stdin_with_bom_and_non_utf8_line():
    data = ("\ufeff" + json.dumps(valid_facts(), ensure_ascii=False) + "\n").encode("utf-8") + b"\xc3\x28\n"
    proc = run("--ladder", "--batch", "-", stdin=data)
    assert proc.returncode == 2
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert out[0]["line"] == 1 and out[0]["highest_eligible"] == "excellent"
    assert out[1]["line"] == 2 and "UTF-8" in out[1]["errors"][0]["message"]


def test_batch_many_lines_in_order(tmp_path):
    facts = valid_facts()
    lines = []
    for i in range(1000):
        facts["enterprise"]["cmmm_level"] = i % 6
        lines.append(json.dumps(facts, ensure_ascii=False))
    proc = run("--tier", "excellent", "--batch", write(tmp_path, "k.jsonl", "\n".join(lines)))
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [o["line"] for o in out] == list(range(1, 1001))
    assert [o["eligible"] for o in out] == [i % 6 >= 3 for i in range(1000)]


def test_text_format(tmp_path, capsys):
    facts = valid_facts()
    path = write(tmp_path, "f.json", facts)
    assert main(["--ladder", "--format", "text", path]) == 0
    text = capsys.readouterr().out
    assert "可申报的最高等级：卓越级" in text
    assert "应用人工智能技术场景比例：40%（2/5）" in text
    assert "覆盖环节：工厂建设、研发设计、生产作业、生产管理、运营管理（5/5）" in text
    assert "下一等级（领航级）还需：" in text
    assert "✓ R.B5" in text and "✗ R.B5" in text and "? N.LD.2" in text
    facts["scenarios"] = facts["scenarios"][1:]
    path = write(tmp_path, "g.json", facts)
    assert main(["--tier", "excellent", "--format", "text", path]) == 0
    text = capsys.readouterr().out
    assert "! R.EX.C" in text and "【卓越级】✓ 符合申报条件" in text
    assert main(["--tier", "excellent", "--format", "text", "--batch", path]) == 0
    assert "===== 第 1 行 =====" in capsys.readouterr().out
