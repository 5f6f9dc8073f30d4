import sys

from riskmodel.cli import main

sys.exit(main())
