package ethtool

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/internal/unix"
)

// The family's name, interface version and multicast group.
const (
	FamilyName   = unix.ETHTOOL_GENL_NAME
	Version      = unix.ETHTOOL_GENL_VERSION
	MonitorGroup = unix.ETHTOOL_MCGRP_MONITOR_NAME // notifications of changes
)

// Commands of requests (ETHTOOL_MSG_*, user to kernel).
const (
	MsgStrsetGet    uint8 = unix.ETHTOOL_MSG_STRSET_GET
	MsgLinkInfoGet  uint8 = unix.ETHTOOL_MSG_LINKINFO_GET
	MsgLinkInfoSet  uint8 = unix.ETHTOOL_MSG_LINKINFO_SET
	MsgLinkModesGet uint8 = unix.ETHTOOL_MSG_LINKMODES_GET
	MsgLinkModesSet uint8 = unix.ETHTOOL_MSG_LINKMODES_SET
	MsgLinkStateGet uint8 = unix.ETHTOOL_MSG_LINKSTATE_GET
	MsgFeaturesGet  uint8 = unix.ETHTOOL_MSG_FEATURES_GET
	MsgFeaturesSet  uint8 = unix.ETHTOOL_MSG_FEATURES_SET
	MsgRingsGet     uint8 = unix.ETHTOOL_MSG_RINGS_GET
	MsgRingsSet     uint8 = unix.ETHTOOL_MSG_RINGS_SET
	MsgChannelsGet  uint8 = unix.ETHTOOL_MSG_CHANNELS_GET
	MsgChannelsSet  uint8 = unix.ETHTOOL_MSG_CHANNELS_SET
)

// Commands of replies and notifications (ETHTOOL_MSG_*, kernel to user).
// They are numbered apart from the requests' commands.
const (
	MsgStrsetGetReply    uint8 = unix.ETHTOOL_MSG_STRSET_GET_REPLY
	MsgLinkInfoGetReply  uint8 = unix.ETHTOOL_MSG_LINKINFO_GET_REPLY
	MsgLinkInfoNtf       uint8 = unix.ETHTOOL_MSG_LINKINFO_NTF
	MsgLinkModesGetReply uint8 = unix.ETHTOOL_MSG_LINKMODES_GET_REPLY
	MsgLinkModesNtf      uint8 = unix.ETHTOOL_MSG_LINKMODES_NTF
	MsgLinkStateGetReply uint8 = unix.ETHTOOL_MSG_LINKSTATE_GET_REPLY
	MsgFeaturesGetReply  uint8 = unix.ETHTOOL_MSG_FEATURES_GET_REPLY
	MsgFeaturesSetReply  uint8 = unix.ETHTOOL_MSG_FEATURES_SET_REPLY
	MsgFeaturesNtf       uint8 = unix.ETHTOOL_MSG_FEATURES_NTF
	MsgRingsGetReply     uint8 = unix.ETHTOOL_MSG_RINGS_GET_REPLY
	MsgRingsNtf          uint8 = unix.ETHTOOL_MSG_RINGS_NTF
	MsgChannelsGetReply  uint8 = unix.ETHTOOL_MSG_CHANNELS_GET_REPLY
	MsgChannelsNtf       uint8 = unix.ETHTOOL_MSG_CHANNELS_NTF
)

// Messages is the family's message table: it decodes requests, replies and
// notifications by direction and command.
var Messages = genl.NewTable(FamilyName, Version)

func init() {
	for cmd, name := range requestNames {
		Messages.Register(genl.ToKernel, cmd, name, nil)
	}
	for cmd, name := range replyNames {
		Messages.Register(genl.FromKernel, cmd, name, nil)
	}
	for _, c := range []struct {
		dir    genl.Direction
		cmd    uint8
		name   string
		sample any
	}{
		{genl.ToKernel, MsgStrsetGet, "ETHTOOL_MSG_STRSET_GET", Strset{}},
		{genl.ToKernel, MsgLinkInfoGet, "ETHTOOL_MSG_LINKINFO_GET", LinkInfo{}},
		{genl.ToKernel, MsgLinkInfoSet, "ETHTOOL_MSG_LINKINFO_SET", LinkInfo{}},
		{genl.ToKernel, MsgLinkModesGet, "ETHTOOL_MSG_LINKMODES_GET", LinkModes{}},
		{genl.ToKernel, MsgLinkModesSet, "ETHTOOL_MSG_LINKMODES_SET", LinkModes{}},
		{genl.ToKernel, MsgLinkStateGet, "ETHTOOL_MSG_LINKSTATE_GET", LinkState{}},
		{genl.ToKernel, MsgFeaturesGet, "ETHTOOL_MSG_FEATURES_GET", Features{}},
		{genl.ToKernel, MsgFeaturesSet, "ETHTOOL_MSG_FEATURES_SET", Features{}},
		{genl.ToKernel, MsgRingsGet, "ETHTOOL_MSG_RINGS_GET", Rings{}},
		{genl.ToKernel, MsgRingsSet, "ETHTOOL_MSG_RINGS_SET", Rings{}},
		{genl.ToKernel, MsgChannelsGet, "ETHTOOL_MSG_CHANNELS_GET", Channels{}},
		{genl.ToKernel, MsgChannelsSet, "ETHTOOL_MSG_CHANNELS_SET", Channels{}},

		{genl.FromKernel, MsgStrsetGetReply, "ETHTOOL_MSG_STRSET_GET_REPLY", Strset{}},
		{genl.FromKernel, MsgLinkInfoGetReply, "ETHTOOL_MSG_LINKINFO_GET_REPLY", LinkInfo{}},
		{genl.FromKernel, MsgLinkInfoNtf, "ETHTOOL_MSG_LINKINFO_NTF", LinkInfo{}},
		{genl.FromKernel, MsgLinkModesGetReply, "ETHTOOL_MSG_LINKMODES_GET_REPLY", LinkModes{}},
		{genl.FromKernel, MsgLinkModesNtf, "ETHTOOL_MSG_LINKMODES_NTF", LinkModes{}},
		{genl.FromKernel, MsgLinkStateGetReply, "ETHTOOL_MSG_LINKSTATE_GET_REPLY", LinkState{}},
		{genl.FromKernel, MsgFeaturesGetReply, "ETHTOOL_MSG_FEATURES_GET_REPLY", Features{}},
		{genl.FromKernel, MsgFeaturesSetReply, "ETHTOOL_MSG_FEATURES_SET_REPLY", Features{}},
		{genl.FromKernel, MsgFeaturesNtf, "ETHTOOL_MSG_FEATURES_NTF", Features{}},
		{genl.FromKernel, MsgRingsGetReply, "ETHTOOL_MSG_RINGS_GET_REPLY", Rings{}},
		{genl.FromKernel, MsgRingsNtf, "ETHTOOL_MSG_RINGS_NTF", Rings{}},
		{genl.FromKernel, MsgChannelsGetReply, "ETHTOOL_MSG_CHANNELS_GET_REPLY", Channels{}},
		{genl.FromKernel, MsgChannelsNtf, "ETHTOOL_MSG_CHANNELS_NTF", Channels{}},
	} {
		Messages.Register(c.dir, c.cmd, c.name, c.sample)
	}
}
