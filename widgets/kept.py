"""A passing answer written down as source that rebuilds it in another kernel.

`source_of(fn)` writes the function, the notebook functions it calls (recursively), the modules
and plain constants they read, as one small module:

    import numpy as np

    def ReLU(Z):
        return np.maximum(Z, 0)

    def forward_prop(W1, W2, X):
        ...

`rebuild(source, name, label)` runs that module in a fresh namespace and returns `name` from it.
Its lines are registered with linecache under `label`, so tracebacks and the autograder can quote
them. Only what rebuilds to the very same code is written: `source_of` runs the result and compares
the bytecode of every function with the one that passed, and raises NotKeptError (saying why)
otherwise, for example for a function that reads a notebook array or is defined inside another.
"""

from __future__ import annotations

import ast
import builtins
import dis
import inspect
import linecache
import os
import sys
import textwrap
import types

_LITERALS = (bool, int, float, complex, str, bytes, type(None))
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class NotKeptError(Exception):
    """The function cannot be written down so that another kernel rebuilds the same code."""


def global_names(code: types.CodeType) -> list[str]:
    """Names a code object (and the code nested in it) reads or writes as globals, in order of use."""
    names: list[str] = []
    stack = [code]
    while stack:
        current = stack.pop(0)
        for instruction in dis.get_instructions(current):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "STORE_GLOBAL", "DELETE_GLOBAL"):
                name = instruction.argval
                if isinstance(name, str) and name not in names:
                    names.append(name)
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return names


def is_library_file(filename: str) -> bool:
    """Code of the course's package, NumPy or any installed library, not code the learner wrote
    (notebook cells, their scripts, answers kept from earlier lessons)."""
    if filename.startswith(_PACKAGE_DIR):
        return True
    lowered = filename.replace("\\", "/")
    return any(part in lowered for part in ("/site-packages/", "/dist-packages/", "/lib/python3", "/numpy/"))


def is_notebook_function(value) -> bool:
    """A plain Python function the learner wrote."""
    return isinstance(value, types.FunctionType) and not is_library_file(value.__code__.co_filename)


def _import_line(name: str, value) -> str | None:
    """`import numpy as np` or `from widgets.reference import pad`, when that gives back `value`."""
    if isinstance(value, types.ModuleType):
        module = value.__name__
        if sys.modules.get(module) is not value:
            return None
        if module == name:
            return f"import {module}"
        return f"import {module} as {name}"
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or "." in qualname:
        return None
    if module == "__main__" or getattr(sys.modules.get(module), qualname, None) is not value:
        return None
    return f"from {module} import {qualname}" + ("" if qualname == name else f" as {name}")


def _function_source(fn: types.FunctionType) -> str:
    if fn.__closure__:
        raise NotKeptError(f"`{fn.__name__}` is defined inside another function")
    if fn.__name__ == "<lambda>":
        raise NotKeptError("it is a lambda; a `def` can be kept")
    try:
        text = inspect.getsource(fn)
    except (OSError, TypeError) as exc:
        raise NotKeptError(f"the source of `{fn.__name__}` is not available ({exc})") from None
    return textwrap.dedent(text).rstrip() + "\n"


def source_of(fn) -> str:
    """The source of a module that defines fn (under fn.__name__) and everything it calls.

    Raises NotKeptError when fn reads something that cannot be written down (a notebook array,
    an object, a function defined inside another) or when the source does not rebuild fn's code.
    """
    if not isinstance(fn, types.FunctionType):
        raise NotKeptError("it is not a Python function")
    imports: dict[str, str] = {}
    constants: dict[str, str] = {}
    functions: dict[str, types.FunctionType] = {}
    aliases: dict[str, str] = {}
    stack = [(fn.__name__, fn)]
    while stack:
        name, f = stack.pop(0)
        if name in functions:
            if functions[name].__code__ is not f.__code__:
                raise NotKeptError(f"two different functions are called `{name}`")
            continue
        functions[name] = f
        for used in global_names(f.__code__):
            if used not in f.__globals__:
                continue  # a builtin, or a name never bound (its line did not run in the check)
            value = f.__globals__[used]
            if is_notebook_function(value):
                if value.__name__ != used:
                    aliases[used] = value.__name__
                stack.append((value.__name__, value))
            elif isinstance(value, _LITERALS) and _round_trips(value):
                constants[used] = f"{used} = {value!r}"
            elif (line := _import_line(used, value)) is not None:
                imports[used] = line
            elif isinstance(value, types.FunctionType | type) or callable(value):
                raise NotKeptError(f"it calls `{used}`, which no other kernel can import")
            else:
                raise NotKeptError(f"it reads the notebook variable `{used}` ({type(value).__name__})")
    for name in list(constants) + list(imports):
        if name in functions:
            raise NotKeptError(f"`{name}` names both a function and something else")
    blocks = []
    if imports:
        blocks.append("\n".join(sorted(imports.values())) + "\n")
    if constants:
        blocks.append("\n".join(constants[name] for name in sorted(constants)) + "\n")
    blocks.extend(_function_source(f) for name, f in reversed(list(functions.items())))
    if aliases:
        blocks.append("\n".join(f"{alias} = {target}" for alias, target in sorted(aliases.items())) + "\n")
    source = "\n\n".join(blocks)
    _verify(source, functions)
    return source


def _round_trips(value) -> bool:
    try:
        return eval(repr(value), {"__builtins__": {}}) == value  # noqa: S307 (repr of a literal only)
    except Exception:
        return False


_SKIPPED_OPS = {"CACHE", "RESUME", "PRECALL", "NOP", "EXTENDED_ARG", "PUSH_NULL"}
_JUMPS = set(dis.hasjrel) | set(dis.hasjabs)


def _instructions(code: types.CodeType) -> list:
    """The instructions as (operation, argument) without offsets and without the forms that depend on
    how the code was compiled (a cell statement by statement, or a whole module: LOAD_METHOD on a
    module imported elsewhere, LOAD_ATTR on one imported in the same source)."""
    steps = []
    for instruction in dis.get_instructions(code):
        op = instruction.opname
        if op in _SKIPPED_OPS:
            continue
        op = "LOAD_ATTR" if op == "LOAD_METHOD" else op
        if instruction.opcode in _JUMPS:
            steps.append((op, None))
        elif isinstance(instruction.argval, types.CodeType):
            steps.append((op, "<code>"))
        else:
            steps.append((op, repr(instruction.argval)))
    return steps


def _same_code(a: types.CodeType, b: types.CodeType) -> bool:
    """The same operations on the same names and constants, wherever the lines are."""
    signature = ("co_varnames", "co_argcount", "co_kwonlyargcount")
    if [getattr(a, name) for name in signature] != [getattr(b, name) for name in signature]:
        return False
    if _instructions(a) != _instructions(b):
        return False
    nested_a = [c for c in a.co_consts if isinstance(c, types.CodeType)]
    nested_b = [c for c in b.co_consts if isinstance(c, types.CodeType)]
    return len(nested_a) == len(nested_b) and all(map(_same_code, nested_a, nested_b))


def _verify(source: str, functions: dict[str, types.FunctionType]) -> None:
    try:
        space = _run(source, "<the answer being kept>")
    except Exception as exc:
        raise NotKeptError(f"its source does not run on its own ({type(exc).__name__}: {exc})") from None
    for name, f in functions.items():
        rebuilt = space.get(name)
        if not isinstance(rebuilt, types.FunctionType) or not _same_code(rebuilt.__code__, f.__code__):
            raise NotKeptError(f"the source of `{name}` is not the code that ran (run its cell again)")
        if repr((rebuilt.__defaults__, rebuilt.__kwdefaults__)) != repr((f.__defaults__, f.__kwdefaults__)):
            raise NotKeptError(f"the default arguments of `{name}` do not rebuild from its source")


def _run(source: str, label: str) -> dict:
    space = {"__name__": f"widgets.kept:{label}", "__builtins__": builtins}
    exec(compile(source, label, "exec", dont_inherit=True), space)  # noqa: S102 (the learner's own code)
    return space


def _plain_value(node) -> bool:
    """A literal, a name, or a dotted name: what a kept module's constants and defaults are."""
    if isinstance(node, ast.Name | ast.Constant):
        return True
    if isinstance(node, ast.Attribute):
        return _plain_value(node.value)
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def check_plain_module(source: str) -> None:
    """Raise NotKeptError unless the source is what `source_of` writes: imports, `def`s without
    decorators whose defaults are plain values, and `name = <plain value>` lines. Running it then runs
    no code of the learner's: only imports, and function bodies when the functions are called."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as exc:
        raise NotKeptError(f"the source does not parse ({exc})") from None
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.FunctionDef) and not node.decorator_list and node.returns is None:
            arguments = node.args
            defaults = arguments.defaults + [d for d in arguments.kw_defaults if d is not None]
            annotations = [a.annotation for a in arguments.args + arguments.kwonlyargs if a.annotation]
            if all(_plain_value(d) for d in defaults + annotations):
                continue
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and _plain_value(node.value)):
            continue
        raise NotKeptError(f"line {node.lineno} is not an import, a plain `def` or a constant")


def rebuild(source: str, name: str, label: str):
    """Run a kept answer's source in a fresh namespace and return the function called `name`.

    label: the file name its lines get in tracebacks ("<your ReLU, kept 2026-12-06 14:02>").
    Raises whatever running the source raises, or LookupError when it defines no such function.
    """
    linecache.cache[label] = (len(source), None, source.splitlines(True), label)
    space = _run(source, label)
    fn = space.get(name)
    if not isinstance(fn, types.FunctionType):
        raise LookupError(f"the kept source defines no function `{name}`")
    return fn
