"""The script engine's environment: gateway conditions are evaluated with simpleeval; scripts never
run."""

from simpleeval import EvalWithCompoundTypes
from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment

from app.bpmn.xml import check_expression
from app.domain.errors import WorkflowError


class SafeEnvironment(TaskDataEnvironment):
    """Evaluates gateway conditions with simpleeval over the task data only; never runs scripts."""

    def evaluate(self, expression, context, external_context=None):
        check_expression(expression)
        try:
            return EvalWithCompoundTypes(functions={}, names=dict(context)).eval(expression.strip())
        except (
            TypeError
        ):  # e.g. an optional field left empty compared with a number: it does not hold
            return False

    def execute(self, script, context, external_context=None):
        raise WorkflowError("Skrip tidak dijalankan dalam rute Layang.")
