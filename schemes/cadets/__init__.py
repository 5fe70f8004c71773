"""cadets"""
