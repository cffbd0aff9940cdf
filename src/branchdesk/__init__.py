"""BranchDesk (支部工作台): an offline desk for the secretary of a hospital Party branch."""

__version__ = "0.1.0"
APP_NAME = "BranchDesk"
APP_TITLE = "支部工作台"
