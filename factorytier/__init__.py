"""factorytier — 智能工厂梯度培育申报管理平台."""

__version__ = "0.1.0"
