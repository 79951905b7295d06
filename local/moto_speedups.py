"""A speed fix for moto's DynamoDB update-expression validator, used by the local run and the tests.

moto checks "one ADD/SET/REMOVE clause" at every UpdateExpression node of the parse tree, each time walking the
whole subtree: quadratic in the number of actions. Our cohort counters use one ADD with dozens of actions, which
made a submission take seconds on moto. The root check already walks every clause, so checking at the root
alone is equivalent. Real DynamoDB is unaffected: this only touches moto.
"""
from moto.dynamodb.parsing.ast_nodes import UpdateExpression
from moto.dynamodb.parsing.validators import ActionCountValidator

_original = ActionCountValidator.traverse


def _traverse_root_only(self, node):
    if isinstance(node, UpdateExpression):
        return self.verify_action_counts(node)
    return _original(self, node)


def apply() -> None:
    ActionCountValidator.traverse = _traverse_root_only
