"""stadstafel-woningbouw: the housing-production register as a stadstafel domain module.

The hooks are in :mod:`stadstafel_woningbouw.plugin`; the rules in :mod:`.model`; the only
code that writes in :mod:`.service`.
"""

__version__ = "0.1.0"
