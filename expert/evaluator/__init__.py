"""The vectorised three-valued evaluator: the KB's evaluation plan run over many profiles at once.

``Evaluator(kb).run(profiles)`` gives, for every profile, what the experta engine derives (facts, score
totals, fired rules), which conclusions are settled and which could still change, and the unknown
answers that could change them. Searches, rosters, what-if and the consultation use it; the experta
engine stays the engine of record for one student's trace.
"""

from expert.evaluator.evaluation import Evaluation, Status, Tri
from expert.evaluator.passes import Evaluator

__all__ = ["Evaluation", "Evaluator", "Status", "Tri"]
