"""Two speed fixes for moto's DynamoDB, used by the local run and the tests. Real DynamoDB is unaffected.

1. moto checks "one ADD/SET/REMOVE clause" at every UpdateExpression node of the parse tree, each time walking
   the whole subtree: quadratic in the number of actions. Our cohort counters use one ADD with dozens of
   actions. The root check already walks every clause, so checking at the root alone is equivalent.
2. TransactWriteItems backs up the table for rollback by deep-copying it once *per action*, though nothing
   changes between those copies. One copy per table per transaction is equivalent.
Together they took a submission on moto from seconds to a fraction of one.

3. moto parses an UpdateExpression recursively, deeper with each action: a replacement's ADD (the new contribution
   merged with the withdrawn one) hit Python's default limit of 1,000 frames under a tracer (mutation testing's
   coverage run) and when called from inside another handler. The limit is raised.
"""
import copy
import sys

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models.table import Table
from moto.dynamodb.parsing.ast_nodes import UpdateExpression
from moto.dynamodb.parsing.validators import ActionCountValidator

_original = ActionCountValidator.traverse


def _traverse_root_only(self, node):
    if isinstance(node, UpdateExpression):
        return self.verify_action_counts(node)
    return _original(self, node)


class _CopyTablesOnce:
    """Stands in for the `copy` module inside moto's DynamoDB models during one transaction."""

    def __init__(self):
        self.tables = {}

    def deepcopy(self, obj, memo=None):
        if isinstance(obj, Table):
            if id(obj) not in self.tables:
                self.tables[id(obj)] = copy.deepcopy(obj, memo)
            return self.tables[id(obj)]
        return copy.deepcopy(obj, memo)

    def __getattr__(self, name):
        return getattr(copy, name)


_original_transact = dynamodb_models.DynamoDBBackend.transact_write_items


def _transact_copying_once(self, transact_items):
    dynamodb_models.copy = _CopyTablesOnce()
    try:
        return _original_transact(self, transact_items)
    finally:
        dynamodb_models.copy = copy


def apply() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    ActionCountValidator.traverse = _traverse_root_only
    dynamodb_models.DynamoDBBackend.transact_write_items = _transact_copying_once
