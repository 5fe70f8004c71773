"""csas"""
