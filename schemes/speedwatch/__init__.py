"""speedwatch"""
