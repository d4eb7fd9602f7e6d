"""`factorytier check`: the rule engine from the command line (contract: shared/policy/check-contract.md).

    factorytier check --tier excellent FACTS.json
    factorytier check --ladder FACTS.json
    factorytier check --ladder --batch FACTS.jsonl

Output is UTF-8 whatever the locale: it is written as bytes. Exit status 0 eligible, 1 not, 2 invalid
input (then stdout is empty, except in batch mode where valid lines still get their result).
Batch mode: blank lines are skipped without output, but line numbers stay physical (the N-th line
of the file is "line": N), so an officer can find a reported line in an editor.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .engine import LadderResult, TierResult, check_ladder, check_tier
from .errors import CatalogueError, FactsInvalid, FieldError
from .facts import Facts, parse_facts
from .loader import default_catalogue, load_catalogue
from .model import Catalogue
from .report import render_text

_FLUSH_EVERY = 256  # batch results joined per write: fewer syscalls, memory still bounded


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit; main() must return a status instead
        raise _Usage(message)

    def _print_message(self, message: str, file=None) -> None:  # --help in UTF-8 whatever the locale
        if message:
            _Out(sys.stdout).write(message)


class InputError(Exception):
    """The input could not be read as JSON; the message is one Chinese line."""


def _parser(tiers: Iterable[str] | None = None) -> _Parser:
    p = _Parser(
        prog="factorytier check",
        description="按智能工厂梯度培育规则检查一个（或一批）工厂可申报的等级。",
        epilog="退出状态：0 符合（--ladder：至少符合一个等级），1 不符合，2 输入无效。",
    )
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--tier", help="检查一个等级：basic、advanced、excellent、leading")
    mode.add_argument("--ladder", action="store_true", help="由低到高检查每个等级")
    p.add_argument("--batch", action="store_true", help="JSON Lines 输入：每行一个工厂，逐行输出结果")
    p.add_argument("--format", choices=("json", "text"), default="json", help="输出格式（默认 json）")
    p.add_argument("--catalogue", metavar="PATH", help="使用另一个规则目录文件（默认上海市 2025 年度）")
    p.add_argument("facts", metavar="FACTS", help="事实文件（JSON；--batch 时为 JSON Lines），- 表示标准输入")
    return p


def _reject_constant(name: str) -> Any:
    raise ValueError(f"JSON 不允许 {name}")


def _parse_int(text: str) -> int | float:
    # Python refuses to convert integers of more than 4300 digits; such a number is no level anyway
    return int(text) if len(text) <= 100 else float("inf")


# Built once: json.loads() with keyword arguments would build a new decoder for every line.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_parse_int)


def loads(data: bytes, *, first: bool = True) -> Any:
    """bytes -> JSON value, or InputError with one Chinese line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"输入不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）") from None
    if first and text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列" if exc.lineno > 1 or "\n" in text else f"第 {exc.colno} 列"
        if not text.strip():
            raise InputError("输入为空，应为 JSON 对象") from None
        raise InputError(f"不是合法的 JSON：{where}附近有语法错误") from None
    except RecursionError:
        raise InputError("不是可处理的 JSON：嵌套层级过深") from None
    except ValueError as exc:
        raise InputError(f"不是合法的 JSON：{exc}") from None


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise InputError(f"不是文件而是目录：{path}") from None
    except PermissionError:
        raise InputError(f"没有读取权限：{path}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {path}：{exc.strerror or exc}") from None


class _Out:
    """stdout as UTF-8 bytes regardless of the locale's encoding."""

    def __init__(self, stream: IO[str]):
        self.text = stream
        self.raw = getattr(stream, "buffer", None)

    def write(self, data: str) -> None:
        if self.raw is not None:
            self.text.flush()
            self.raw.write(data.encode("utf-8"))
        else:  # e.g. io.StringIO in tests
            self.text.write(data)

    def flush(self) -> None:
        self.text.flush()
        if self.raw is not None:
            self.raw.flush()


def _err(text: str) -> None:
    """stderr as UTF-8 too: the Chinese messages must survive a C locale."""
    raw = getattr(sys.stderr, "buffer", None)
    if raw is None:
        sys.stderr.write(text)
        return
    sys.stderr.flush()
    raw.write(text.encode("utf-8"))
    raw.flush()


def _evaluate(facts: Facts, tier: str | None, catalogue: Catalogue) -> TierResult | LadderResult:
    return check_tier(facts, tier, catalogue) if tier else check_ladder(facts, catalogue)


def _eligible(result: TierResult | LadderResult) -> bool:
    return result.highest_eligible is not None if isinstance(result, LadderResult) else result.eligible


def _errors_to_stderr(errors: list[FieldError], prefix: str = "") -> None:
    _err("".join(f"{prefix}{e.path}: {e.message}\n" for e in errors))


def _single(args, catalogue: Catalogue, out: _Out) -> int:
    source = _open(args.facts)
    try:
        data = source.read()
    except OSError as exc:
        raise InputError(f"无法读取输入：{exc.strerror or exc}") from None
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    try:
        facts = parse_facts(loads(data), catalogue)
    except InputError as exc:  # the document as a whole is unreadable: it is named `$`, as in --batch
        _errors_to_stderr([FieldError("$", str(exc))])
        return 2
    except FactsInvalid as invalid:
        _errors_to_stderr(invalid.errors)
        return 2
    result = _evaluate(facts, args.tier, catalogue)
    if args.format == "text":
        out.write(render_text(result, facts, catalogue))
    else:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0 if _eligible(result) else 1


def _lines(source: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    try:
        yield from enumerate(source, 1)
    except OSError as exc:
        raise InputError(f"读取输入时出错：{exc.strerror or exc}") from None


def _batch(args, catalogue: Catalogue, out: _Out) -> int:
    source = _open(args.facts)
    any_invalid = any_eligible = False
    chunk: list[str] = []
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    text = args.format == "text"
    try:
        for number, raw in _lines(source):
            if not raw.strip():
                continue
            try:
                facts = parse_facts(loads(raw, first=number == 1), catalogue)
            except InputError as exc:
                errors = [FieldError("$", str(exc))]
            except FactsInvalid as invalid:
                errors = invalid.errors
            else:
                result = _evaluate(facts, args.tier, catalogue)
                any_eligible = any_eligible or _eligible(result)
                if text:
                    chunk.append(f"===== 第 {number} 行 =====\n" + render_text(result, facts, catalogue) + "\n")
                else:
                    # result.to_json() is '{...}': splice the line number in front of its keys
                    chunk.append(f'{{"line":{number},' + result.to_json()[1:] + "\n")
                if len(chunk) >= _FLUSH_EVERY:
                    out.write("".join(chunk))
                    chunk.clear()
                continue
            any_invalid = True
            # keep stdout and stderr in step for a reader watching both
            out.write("".join(chunk))
            chunk.clear()
            if text:
                out.write(f"===== 第 {number} 行 =====\n输入无效：\n" + "".join(f"  {e}\n" for e in errors) + "\n")
            else:
                out.write(dumps({"line": number, "errors": [e.to_dict() for e in errors]}) + "\n")
            out.flush()
            _errors_to_stderr(errors, f"line {number}: ")
        out.write("".join(chunk))
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    if any_invalid:
        return 2
    return 0 if any_eligible else 1


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except _Usage as exc:
        _err(f"factorytier check：参数错误：{exc}\n用法：factorytier check (--tier TIER | --ladder) [--batch] [--format json|text] [--catalogue PATH] FACTS\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    out = _Out(sys.stdout)
    try:
        catalogue = load_catalogue(args.catalogue) if args.catalogue else default_catalogue()
        if args.tier is not None and args.tier not in catalogue._tier_order:
            names = "、".join(t.id for t in catalogue.tiers)
            _err(f"未知的等级：{args.tier}（可选：{names}）\n")
            return 2
        status = _batch(args, catalogue, out) if args.batch else _single(args, catalogue, out)
        out.flush()
        return status
    except CatalogueError as exc:
        _err(f"无法加载规则目录：{exc}\n")
        return 2
    except InputError as exc:
        _err(f"{exc}\n")
        return 2
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly, and keep Python from complaining at exit
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return 1
    except KeyboardInterrupt:
        _err("已中断\n")
        return 130


__all__ = ["InputError", "loads", "main"]
