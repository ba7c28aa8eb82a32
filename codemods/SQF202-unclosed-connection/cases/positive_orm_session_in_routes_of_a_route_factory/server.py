import sys

import courses  # noqa: F401  (registers the views)
import grades  # noqa: F401
from web import app

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(sys.argv[1]), threaded=True)
