"""Stay Ready: the application layer (command line, configuration, site rendering).

The market watch lives in `aggregator`, the networking journal in `journal`; this
package wires them to the command line and to the site generator.
"""

__version__ = "0.1.0"
