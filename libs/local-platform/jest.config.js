module.exports = { ...require('../../jest.preset.js'), displayName: 'local-platform', rootDir: __dirname };
