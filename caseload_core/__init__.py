"""Caseloadwijzer calculation core.

Plain Python and NumPy, no Django. Every figure the product shows is computed here, so that it can be
tested on its own and explained in one sentence. Django code loads data, calls these functions and
renders the results.
"""
