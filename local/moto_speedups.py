# mypy: disable-error-code="attr-defined,method-assign,assignment"
# (this module patches moto's internals on purpose, the names it replaces included)
"""Two speed fixes for moto's DynamoDB, used by the local run and the tests. Real DynamoDB is unaffected.

1. moto checks "one ADD/SET/REMOVE clause" and "no overlapping paths" at every UpdateExpression node of the
   parse tree, each time walking the whole subtree: quadratic in the number of actions. Our cohort counters use
   one ADD with hundreds of actions. The root check already walks every clause (an overlap inside a subtree is
   an overlap in the whole), so checking at the root alone is equivalent.
2. TransactWriteItems backs up the table for rollback by deep-copying it once *per action*, though nothing
   changes between those copies, and though a transaction can only change the items it names. The backup here
   shares the table's untouched items and copies only those the transaction names: equivalent, and its cost
   no longer grows with the table.
Together they took a submission on moto from seconds to a fraction of one.

3. Each pass over an expression's parse tree rebuilds its processor's type map at every node; the map is fixed
   per processor, so it is built once. Every UpdateExpression validation starts from a deep copy of the parsed
   expression (hundreds of nodes for a
   cohort's counters); pickling makes the same copy several times faster.

4. moto adds numbers and writes the sum with Python's default format: two decimals that cancel give "0E-12",
   which moto's next ADD cannot read (real DynamoDB can), so every later update of that counter failed. Sums
   are written in plain notation here.

5. moto parses an UpdateExpression recursively, deeper with each action: a replacement's ADD (the new contribution
   merged with the withdrawn one) hit Python's default limit of 1,000 frames under a tracer (mutation testing's
   coverage run) and when called from inside another handler. The limit is raised.
"""
import copy
import sys
from collections import defaultdict

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.parsing import validators
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, UpdateExpression
from moto.dynamodb.parsing.validators import ActionCountValidator, OverlappingPathsValidator

_original_add, _original_sub = DynamoType.__add__, DynamoType.__sub__
_original = ActionCountValidator.traverse
_original_overlaps = OverlappingPathsValidator.traverse


def _traverse_root_only(self, node):
    if isinstance(node, UpdateExpression):
        return self.verify_action_counts(node)
    return _original(self, node)


def _overlaps_at_root_only(self, node):
    if isinstance(node, UpdateExpression):
        return self.check_for_overlapping_paths(node)
    return _original_overlaps(self, node)


def _named(transact_items: list) -> dict:
    """{table name: [the Key (or the Item) of each action]}: what a transaction names."""
    named: dict = {}
    for action in transact_items:
        _, op = next(iter(action.items()))
        named.setdefault(op.get("TableName"), []).append(op.get("Key") or op.get("Item") or {})
    return named


def _backup(table: Table, keys: list):
    """A copy of `table` for rollback: its own partition maps, deep copies of the named items only."""
    attrs = [a for a in (table.hash_key_attr, table.range_key_attr) if a]
    values = {next(iter(key[a].values())) for key in keys for a in attrs if a in key}
    backup = copy.copy(table)
    backup.items = defaultdict(dict)
    for hash_key, partition in table.items.items():
        if not isinstance(partition, dict):  # a table without a range key: the item itself
            backup.items[hash_key] = copy.deepcopy(partition) if hash_key.value in values else partition
        elif hash_key.value in values:
            backup.items[hash_key] = {r: copy.deepcopy(i) if r.value in values else i for r, i in partition.items()}
        else:
            backup.items[hash_key] = partition
    return backup


class _CopyTablesOnce:
    """Stands in for the `copy` module inside moto's DynamoDB models during one transaction."""

    def __init__(self, named: dict):
        self.named, self.tables = named, {}  # type: dict, dict

    def deepcopy(self, obj, memo=None):
        if isinstance(obj, Table):
            if id(obj) not in self.tables:
                self.tables[id(obj)] = _backup(obj, self.named.get(obj.name, []))
            return self.tables[id(obj)]
        return copy.deepcopy(obj, memo)

    def __getattr__(self, name):
        return getattr(copy, name)


_original_transact = dynamodb_models.DynamoDBBackend.transact_write_items


def _transact_copying_once(self, transact_items):
    dynamodb_models.copy = _CopyTablesOnce(_named(transact_items))
    try:
        return _original_transact(self, transact_items)
    finally:
        dynamodb_models.copy = copy


def _copy_by_pickle(obj, memo=None):
    import pickle
    try:
        return pickle.loads(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL))
    except Exception:  # not picklable: the ordinary way
        return copy.deepcopy(obj, memo)


def _processing_map_once(self):
    cached = self.__dict__.get("_integra_map")
    if cached is None:
        cached = self.__dict__["_integra_map"] = self._processing_map()
    return cached


def _nodes_to_be_processed(self):
    cached = self.__dict__.get("_integra_types")
    if cached is None:
        cached = self.__dict__["_integra_types"] = tuple(_processing_map_once(self))
    return cached


def _process(self, node):
    for class_key, processor in _processing_map_once(self).items():
        if isinstance(node, class_key):
            return processor(node)


def _number(text: str):
    from decimal import Decimal
    return Decimal(text) if any(c in text for c in ".eE") else int(text)


def _plain_sum(self, other):
    if self.type != other.type or not self.is_number():
        return _original_add(self, other)
    total = _number(self.value) + _number(other.value)
    return DynamoType({"N": format(total, "f") if not isinstance(total, int) else str(total)})


def _plain_difference(self, other):
    if self.type != other.type or not self.is_number():
        return _original_sub(self, other)
    total = _number(self.value) - _number(other.value)
    return DynamoType({"N": format(total, "f") if not isinstance(total, int) else str(total)})


def apply() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    ActionCountValidator.traverse = _traverse_root_only
    OverlappingPathsValidator.traverse = _overlaps_at_root_only
    validators.deepcopy = _copy_by_pickle
    DepthFirstTraverser.nodes_to_be_processed = _nodes_to_be_processed
    DepthFirstTraverser.process = _process
    DynamoType.__add__, DynamoType.__sub__ = _plain_sum, _plain_difference
    dynamodb_models.DynamoDBBackend.transact_write_items = _transact_copying_once
